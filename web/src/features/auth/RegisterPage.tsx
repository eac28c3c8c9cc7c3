import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { Field, FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { setSession } from '../../apollo/session';
import { toFieldErrors, useFieldErrors, type FieldErrors } from '../../lib/errors';
import { linkHandler } from '../../lib/router';
import { AuthLayout } from './AuthLayout';

const RegisterMutation = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      ...AuthFields
    }
  }
`);

export function RegisterPage() {
  const [register, { loading }] = useMutation(RegisterMutation);
  const [form, setForm] = useState({ email: '', username: '', displayName: '', password: '' });
  const [errors, setErrors, clear] = useFieldErrors();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    clear(k);
  };

  async function submit(e: FormEvent) {
    e.preventDefault();
    const local: FieldErrors = { fields: {} };
    // The quick checks here; the server checks the rest and reports every invalid field at once.
    if (!form.email.trim()) local.fields.email = 'Enter your email.';
    if (!form.username.trim()) local.fields.username = 'Choose a username.';
    if (form.password.length < 8) local.fields.password = 'Use at least 8 characters.';
    if (Object.keys(local.fields).length) return setErrors(local);
    setErrors({ fields: {} });
    try {
      const { data } = await register({
        variables: {
          input: { email: form.email.trim(), username: form.username.trim(), password: form.password, displayName: form.displayName.trim() || undefined },
        },
      });
      if (data) setSession(data.register);
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  return (
    <AuthLayout
      title="Create your account"
      footer={
        <a href="/login" onClick={linkHandler('/login')}>
          Already have an account? Sign in
        </a>
      }
    >
      <form onSubmit={submit} noValidate>
        <Field label="Email" name="email" type="email" autoComplete="email" value={form.email} onChange={set('email')} error={errors.fields.email} autoFocus />
        <Field label="Username" name="username" autoComplete="username" value={form.username} onChange={set('username')} error={errors.fields.username} hint="3-32 letters, digits, _ . or -" />
        <Field label="Display name (optional)" name="displayName" autoComplete="name" value={form.displayName} onChange={set('displayName')} error={errors.fields.displayName} />
        <Field label="Password" name="password" type="password" autoComplete="new-password" value={form.password} onChange={set('password')} error={errors.fields.password} hint="At least 8 characters" />
        <FormError message={errors.form} />
        <button className="btn btn--primary btn--block" type="submit" disabled={loading}>
          {loading ? 'Creating account…' : 'Create account'}
        </button>
      </form>
    </AuthLayout>
  );
}
