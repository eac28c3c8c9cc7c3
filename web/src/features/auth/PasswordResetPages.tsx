import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { toFieldErrors, useFieldErrors, type FieldErrors } from '../../lib/errors';
import { linkHandler, navigate } from '../../lib/router';
import { AuthLayout } from './AuthLayout';

const RequestPasswordResetMutation = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

const ResetPasswordMutation = graphql(`
  mutation ResetPassword($token: String!, $newPassword: String!) {
    resetPassword(token: $token, newPassword: $newPassword)
  }
`);

const backToLogin = (
  <a href="/login" onClick={linkHandler('/login')}>
    Back to sign in
  </a>
);

export function ForgotPasswordPage() {
  const [request, { loading }] = useMutation(RequestPasswordResetMutation);
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);
  const [errors, setErrors, clear] = useFieldErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim()) return setErrors({ fields: { email: 'Enter your email.' } });
    try {
      await request({ variables: { email: email.trim() } });
      setSent(true);
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  if (sent) {
    return (
      <AuthLayout title="Check your email" footer={backToLogin}>
        <p className="notice">If an account uses {email.trim()}, we sent it a reset token. It works for one hour.</p>
        <a className="btn btn--primary btn--block" href="/reset-password" onClick={linkHandler('/reset-password')}>
          I have a token
        </a>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title="Reset your password" footer={backToLogin}>
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" value={email} onChange={(e) => (setEmail(e.target.value), clear('email'))} error={errors.fields.email} autoFocus />
        <FormError message={errors.form} />
        <button className="btn btn--primary btn--block" type="submit" disabled={loading}>
          {loading ? 'Sending…' : 'Send reset token'}
        </button>
      </form>
    </AuthLayout>
  );
}

export function ResetPasswordPage({ initialToken }: { initialToken: string }) {
  const [reset, { loading }] = useMutation(ResetPasswordMutation);
  const [token, setToken] = useState(initialToken);
  const [password, setPassword] = useState('');
  const [errors, setErrors, clear] = useFieldErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = { fields: {} };
    if (!token.trim()) local.fields.token = 'Paste the token from the email.';
    if (password.length < 8) local.fields.newPassword = 'Use at least 8 characters.';
    if (Object.keys(local.fields).length) return setErrors(local);
    try {
      await reset({ variables: { token: token.trim(), newPassword: password } });
      navigate('/login?reset=1', { replace: true });
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  return (
    <AuthLayout title="Choose a new password" footer={backToLogin}>
      <form onSubmit={submit} noValidate>
        <Field label="Reset token" name="token" autoComplete="one-time-code" value={token} onChange={(e) => (setToken(e.target.value), clear('token'))} error={errors.fields.token} autoFocus={!initialToken} />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" value={password} onChange={(e) => (setPassword(e.target.value), clear('newPassword'))} error={errors.fields.newPassword} hint="At least 8 characters" autoFocus={!!initialToken} />
        <FormError message={errors.form} />
        <button className="btn btn--primary btn--block" type="submit" disabled={loading}>
          {loading ? 'Saving…' : 'Set new password'}
        </button>
      </form>
    </AuthLayout>
  );
}
