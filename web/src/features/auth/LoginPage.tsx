import { useMutation } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { Field, FormError } from '../../components/Field';
import { graphql } from '../../gql';
import { dismissLoginNotice, loginNotice, setSession } from '../../apollo/session';
import { toFieldErrors, useFieldErrors, type FieldErrors } from '../../lib/errors';
import { linkHandler } from '../../lib/router';
import { AuthLayout } from './AuthLayout';

const LoginMutation = graphql(`
  mutation Login($input: LoginInput!) {
    login(input: $input) {
      ...AuthFields
    }
  }
`);

export function LoginPage({ notice: given }: { notice?: string }) {
  const [notice] = useState(() => given ?? loginNotice());
  useEffect(() => dismissLoginNotice(), []);
  const [login, { loading }] = useMutation(LoginMutation);
  const [identity, setIdentity] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors, clear] = useFieldErrors();

  async function submit(e: FormEvent) {
    e.preventDefault();
    const id = identity.trim();
    const local: FieldErrors = { fields: {} };
    if (!id) local.fields.username = 'Enter your username or email.';
    if (!password) local.fields.password = 'Enter your password.';
    if (Object.keys(local.fields).length) return setErrors(local);
    setErrors({ fields: {} });
    const input = id.includes('@') ? { email: id, password } : { username: id, password };
    try {
      const { data } = await login({ variables: { input } });
      if (data) setSession(data.login);
    } catch (err) {
      const fe = toFieldErrors(err);
      // Wrong credentials get one generic message; show it by the password.
      const fields = { ...fe.fields };
      if (fields.email) fields.username = fields.email;
      if (fe.form && !Object.keys(fields).length) fields.password = fe.form;
      setErrors({ fields, form: Object.keys(fields).length ? undefined : fe.form });
    }
  }

  return (
    <AuthLayout
      title="Sign in"
      footer={
        <>
          <a href="/register" onClick={linkHandler('/register')}>
            Create an account
          </a>
          <a href="/forgot-password" onClick={linkHandler('/forgot-password')}>
            Forgot password?
          </a>
        </>
      }
    >
      {notice && (
        <p className="notice" role="status" data-testid="login-notice">
          {notice}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <Field label="Username or email" name="username" autoComplete="username" value={identity} onChange={(e) => (setIdentity(e.target.value), clear('username'))} error={errors.fields.username} autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => (setPassword(e.target.value), clear('password'))} error={errors.fields.password} />
        <FormError message={errors.form} />
        <button className="btn btn--primary btn--block" type="submit" disabled={loading}>
          {loading ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  );
}
