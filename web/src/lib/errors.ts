import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useCallback, useState } from 'react';

export interface FieldErrors {
  /** Messages by input field name (extensions.field). */
  fields: Record<string, string>;
  /** A message that belongs to no field. */
  form?: string;
}

/**
 * Splits an API error into per-field messages and the rest. BAD_USER_INPUT carries every invalid field in
 * `extensions.fields` ([{ field, message }]); older servers and CONFLICT name one in `extensions.field`.
 */
export function toFieldErrors(error: unknown): FieldErrors {
  const out: FieldErrors = { fields: {} };
  if (!error) return out;
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const code = e.extensions?.code;
      const many = e.extensions?.fields;
      if (Array.isArray(many) && many.length) {
        for (const f of many as Array<{ field?: unknown; message?: unknown }>) {
          if (typeof f.field !== 'string' || typeof f.message !== 'string') continue;
          out.fields[lastSegment(f.field)] ??= forPeople(f.message);
        }
        continue;
      }
      const field = e.extensions?.field;
      let message = forPeople(e.message);
      if (code === 'RATE_LIMITED') {
        const wait = e.extensions?.retryAfterSeconds;
        message = `Too many attempts. Try again${typeof wait === 'number' ? ` in ${wait} s` : ' soon'}.`;
      } else if (code === 'INTERNAL_SERVER_ERROR') {
        message = 'Something went wrong on the server. Try again in a moment.';
      }
      if (typeof field === 'string') out.fields[lastSegment(field)] ??= message;
      else out.form ??= message;
    }
    return out;
  }
  out.form = navigator.onLine ? "Can't reach the server. Try again in a moment." : 'You are offline. Check your connection and try again.';
  return out;
}

/** Turns a message that names a raw field (`"displayName" must be at most 64 characters.`) into words. */
export function forPeople(message: string): string {
  return message.replace(/"([A-Za-z.]+)"/g, (_, name: string) => {
    const last = name.split('.').pop()!;
    const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  });
}

/** A form's errors, and `clear(name)` to drop a field's error (and the form's) as soon as the person edits it. */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({ fields: {} });
  const clear = useCallback((...names: string[]) => {
    setErrors((e) => {
      if (!e.form && !names.some((n) => e.fields[n])) return e;
      const fields = { ...e.fields };
      for (const n of names) delete fields[n];
      return { fields };
    });
  }, []);
  return [errors, setErrors, clear] as const;
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
