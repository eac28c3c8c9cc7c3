import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface FieldErrors {
  /** Messages by input field name (extensions.field). */
  fields: Record<string, string>;
  /** A message that belongs to no field. */
  form?: string;
}

/** Splits an API error into per-field messages (BAD_USER_INPUT / CONFLICT carry extensions.field) and the rest. */
export function toFieldErrors(error: unknown): FieldErrors {
  const out: FieldErrors = { fields: {} };
  if (!error) return out;
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const field = e.extensions?.field;
      const code = e.extensions?.code;
      let message = e.message;
      if (code === 'RATE_LIMITED') {
        const wait = e.extensions?.retryAfterSeconds;
        message = `Too many attempts. Try again${typeof wait === 'number' ? ` in ${wait} s` : ' soon'}.`;
      }
      if (typeof field === 'string' && !out.fields[field]) out.fields[lastSegment(field)] = message;
      else out.form ??= message;
    }
    return out;
  }
  out.form = navigator.onLine ? 'Could not reach the server. Try again.' : 'You are offline.';
  return out;
}

function lastSegment(field: string) {
  const parts = field.split('.');
  return parts[parts.length - 1];
}

export function errorMessage(error: unknown): string | undefined {
  if (!error) return undefined;
  const fe = toFieldErrors(error);
  return fe.form ?? Object.values(fe.fields)[0];
}
