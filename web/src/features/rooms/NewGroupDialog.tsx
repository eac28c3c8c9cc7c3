import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field, FormError } from '../../components/Field';
import { graphql } from '../../gql';
import type { UserPick_UserFragment } from '../../gql/graphql';
import { toFieldErrors, useFieldErrors } from '../../lib/errors';
import { nameOf } from '../../lib/format';
import { navigate } from '../../lib/router';
import { RoomListQuery } from './RoomList';
import { UserSearch } from './UserSearch';

const CreateGroupRoomMutation = graphql(`
  mutation CreateGroupRoom($input: CreateGroupRoomInput!) {
    createGroupRoom(input: $input) {
      ...RoomListItem_room
    }
  }
`);

export function NewGroupDialog({ viewerId, onClose }: { viewerId: string; onClose: () => void }) {
  const [create, { loading }] = useMutation(CreateGroupRoomMutation, { refetchQueries: [RoomListQuery] });
  const [name, setName] = useState('');
  const [members, setMembers] = useState<UserPick_UserFragment[]>([]);
  const [errors, setErrors, clear] = useFieldErrors();
  const selected = new Set(members.map((m) => m.id));

  function toggle(u: UserPick_UserFragment) {
    setMembers((ms) => (ms.some((m) => m.id === u.id) ? ms.filter((m) => m.id !== u.id) : [...ms, u]));
    clear('memberIds');
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return setErrors({ fields: { name: 'Give the group a name.' } });
    try {
      const { data } = await create({ variables: { input: { name: name.trim(), memberIds: members.map((m) => m.id) } } });
      if (data) {
        onClose();
        navigate(`/rooms/${encodeURIComponent(data.createGroupRoom.id)}`);
      }
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  return (
    <Dialog title="New group" onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <Field label="Group name" name="name" value={name} onChange={(e) => (setName(e.target.value), clear('name'))} error={errors.fields.name} maxLength={80} autoFocus />
        {members.length === 0 && <p className="muted chips">No members yet: pick people below.</p>}
        <div className="chips" aria-label="Members" role="list" hidden={members.length === 0}>
          {members.map((m) => (
            <span className="chip" role="listitem" key={m.id}>
              {nameOf(m)}
              <button type="button" aria-label={`Remove ${nameOf(m)}`} onClick={() => toggle(m)}>
                ×
              </button>
            </span>
          ))}
        </div>
        {errors.fields.memberIds && <p className="field__error">{errors.fields.memberIds}</p>}
        <UserSearch viewerId={viewerId} action="Add or remove" selectedIds={selected} onPick={toggle} />
        <FormError message={errors.form} />
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="btn btn--primary" disabled={loading}>
            {loading ? 'Creating…' : `Create group${members.length ? ` with ${members.length}` : ''}`}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
