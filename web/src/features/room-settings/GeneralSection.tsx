import { useApolloClient, useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field, FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import type { RoomSettingsQuery } from '../../gql/graphql';
import { toFieldErrors, useFieldErrors } from '../../lib/errors';
import { navigate } from '../../lib/router';
import { RoomListQuery } from '../rooms/RoomList';
import { DeleteRoomMutation, UpdateRoomMutation } from './documents';

type Room = RoomSettingsQuery['room'];

/** Name, description, password (public rooms), discoverability (groups), add-or-invite; and deleting the room. */
export function GeneralSection({ room }: { room: Room }) {
  const client = useApolloClient();
  const [update, { loading }] = useMutation(UpdateRoomMutation);
  const [remove] = useMutation(DeleteRoomMutation);
  const [name, setName] = useState(room.name ?? '');
  const [description, setDescription] = useState(room.description ?? '');
  const [password, setPassword] = useState('');
  const [clearPassword, setClearPassword] = useState(false);
  const [discoverable, setDiscoverable] = useState(room.discoverable);
  const [addPolicy, setAddPolicy] = useState(room.addPolicy);
  const [errors, setErrors, clear] = useFieldErrors();
  const [saved, setSaved] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const descId = useId();
  const policyName = useId();

  async function save(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    if (!name.trim()) return setErrors({ fields: { name: 'Give the room a name.' } });
    const input: Record<string, unknown> = {};
    if (name.trim() !== room.name) input.name = name.trim();
    if (description.trim() !== (room.description ?? '')) input.description = description.trim();
    if (room.kind === 'PUBLIC' && (password || clearPassword)) input.password = clearPassword ? '' : password;
    if (room.kind === 'GROUP' && discoverable !== room.discoverable) input.discoverable = discoverable;
    if (addPolicy !== room.addPolicy) input.addPolicy = addPolicy;
    try {
      if (Object.keys(input).length) await update({ variables: { roomId: room.id, input } });
      setErrors({ fields: {} });
      setPassword('');
      setClearPassword(false);
      setSaved(true);
      void client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  const descError = errors.fields.description;
  return (
    <>
      <form className="card" onSubmit={save} noValidate aria-labelledby={`${descId}-h`}>
        <h2 id={`${descId}-h`}>Room details</h2>
        <Field label="Name" name="name" value={name} maxLength={80} onChange={(e) => (setName(e.target.value), setSaved(false), clear('name'))} error={errors.fields.name} />
        <div className={`field${descError ? ' field--error' : ''}`}>
          <label htmlFor={descId}>Description</label>
          <textarea id={descId} value={description} rows={3} maxLength={500} aria-invalid={descError ? true : undefined} aria-describedby={descError ? `${descId}-e` : undefined} onChange={(e) => (setDescription(e.target.value), setSaved(false), clear('description'))} />
          {descError && (
            <p id={`${descId}-e`} className="field__error" role="alert">
              {descError}
            </p>
          )}
        </div>
        {room.kind === 'PUBLIC' && (
          <fieldset className="radio-group">
            <legend>Password · {room.hasPassword ? 'this room has one' : 'none: anyone can join'}</legend>
            <Field
              label={room.hasPassword ? 'New password' : 'Set a password'}
              name="password"
              type="password"
              autoComplete="new-password"
              value={password}
              disabled={clearPassword}
              onChange={(e) => (setPassword(e.target.value), setSaved(false), clear('password'))}
              error={errors.fields.password}
              hint="4-128 characters. People joining must type it; current members stay."
            />
            {room.hasPassword && (
              <label className="check">
                <input type="checkbox" checked={clearPassword} onChange={(e) => (setClearPassword(e.target.checked), setSaved(false), clear('password'))} />
                <span>Remove the password</span>
              </label>
            )}
          </fieldset>
        )}
        {room.kind === 'GROUP' && (
          <label className="check">
            <input type="checkbox" checked={discoverable} onChange={(e) => (setDiscoverable(e.target.checked), setSaved(false))} />
            <span>
              Discoverable
              <span className="field__hint">Listed under Browse, where people can ask to join; you approve or reject each request.</span>
            </span>
          </label>
        )}
        <fieldset className="radio-group">
          <legend>Bringing people in</legend>
          <label className="radio">
            <input type="radio" name={policyName} checked={addPolicy === 'ADD'} onChange={() => (setAddPolicy('ADD'), setSaved(false))} />
            <span>
              Owner and admins add people directly
              <span className="field__hint">They join at once.</span>
            </span>
          </label>
          <label className="radio">
            <input type="radio" name={policyName} checked={addPolicy === 'INVITE'} onChange={() => (setAddPolicy('INVITE'), setSaved(false))} />
            <span>
              Owner and admins invite people
              <span className="field__hint">They join only if they accept.</span>
            </span>
          </label>
        </fieldset>
        <FormError message={errors.form} />
        {saved && (
          <p className="notice" role="status">
            Saved.
          </p>
        )}
        <button type="submit" className="btn btn--primary" disabled={loading}>
          Save changes
        </button>
      </form>
      {room.myRole === 'OWNER' && (
        <section className="card card--danger" aria-labelledby={`${descId}-d`}>
          <h2 id={`${descId}-d`}>Delete this room</h2>
          <p>Deletes the room and all its messages for everyone. This cannot be undone.</p>
          <button type="button" className="btn btn--danger" onClick={() => setConfirmDelete(true)}>
            Delete room
          </button>
        </section>
      )}
      {confirmDelete && (
        <ConfirmDialog
          title={`Delete ${room.name ?? 'this room'}?`}
          confirmLabel="Delete room for everyone"
          danger
          onClose={() => setConfirmDelete(false)}
          onConfirm={async () => {
            await remove({ variables: { roomId: room.id } });
            showToast(`${room.name ?? 'The room'} was deleted.`);
            await client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);
            navigate('/', { replace: true });
          }}
        >
          <p>
            All {room.memberCount} member{room.memberCount === 1 ? '' : 's'} lose the room and its messages at once. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
