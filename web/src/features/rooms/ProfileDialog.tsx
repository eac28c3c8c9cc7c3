import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { updateSessionUser, type Session } from '../../apollo/session';
import { Dialog } from '../../components/Dialog';
import { DesktopNotificationsToggle } from '../notifications/DesktopNotificationsToggle';
import { Field, FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { toFieldErrors, useFieldErrors, type FieldErrors } from '../../lib/errors';

const UpdateProfileMutation = graphql(`
  mutation UpdateProfile($input: UpdateProfileInput!) {
    updateProfile(input: $input) {
      id
      username
      displayName
      email
      role
    }
  }
`);

const ChangePasswordMutation = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

/** The viewer's display name and password. */
export function ProfileDialog({ me, onClose }: { me: Session['user']; onClose: () => void }) {
  const [update, { loading: saving }] = useMutation(UpdateProfileMutation);
  const [change, { loading: changing }] = useMutation(ChangePasswordMutation);
  const [displayName, setDisplayName] = useState(me.displayName ?? '');
  const [profileErrors, setProfileErrors, clearProfile] = useFieldErrors();
  const [saved, setSaved] = useState(false);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [pwErrors, setPwErrors, clearPw] = useFieldErrors();
  const [changed, setChanged] = useState(false);

  async function saveProfile(e: FormEvent) {
    e.preventDefault();
    try {
      const { data } = await update({ variables: { input: { displayName: displayName.trim() } } });
      if (data) updateSessionUser(data.updateProfile);
      setProfileErrors({ fields: {} });
      setSaved(true);
    } catch (err) {
      setProfileErrors(toFieldErrors(err));
    }
  }

  async function changePassword(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = { fields: {} };
    if (!current) local.fields.currentPassword = 'Enter your current password.';
    if (next.length < 8) local.fields.newPassword = 'Use at least 8 characters.';
    if (Object.keys(local.fields).length) return setPwErrors(local);
    try {
      await change({ variables: { currentPassword: current, newPassword: next } });
      setPwErrors({ fields: {} });
      setCurrent('');
      setNext('');
      setChanged(true);
    } catch (err) {
      setPwErrors(toFieldErrors(err));
    }
  }

  return (
    <Dialog title="Your profile" onClose={onClose}>
      <form onSubmit={saveProfile} noValidate>
        <Field label="Display name" name="displayName" value={displayName} onChange={(e) => (setDisplayName(e.target.value), setSaved(false), clearProfile('displayName'))} error={profileErrors.fields.displayName} maxLength={64} hint={`Shown instead of @${me.username}; leave empty to use it.`} />
        <FormError message={profileErrors.form} />
        {saved && (
          <p className="notice" role="status">
            Saved.
          </p>
        )}
        <button type="submit" className="btn btn--primary" disabled={saving}>
          Save name
        </button>
      </form>
      <DesktopNotificationsToggle />
      <form onSubmit={changePassword} noValidate className="create-public">
        <h3>Change password</h3>
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => (setCurrent(e.target.value), clearPw('currentPassword'))} error={pwErrors.fields.currentPassword} />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" value={next} onChange={(e) => (setNext(e.target.value), setChanged(false), clearPw('newPassword'))} error={pwErrors.fields.newPassword} hint="At least 8 characters. Your other sessions will be signed out." />
        <FormError message={pwErrors.form} />
        {changed && (
          <p className="notice" role="status">
            Password changed.
          </p>
        )}
        <button type="submit" className="btn" disabled={changing}>
          Change password
        </button>
      </form>
    </Dialog>
  );
}
