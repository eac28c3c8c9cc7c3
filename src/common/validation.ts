import { BadInputError } from '../errors.js';

export const USERNAME_RE = /^[A-Za-z0-9_.-]{3,32}$/;
// Pragmatic email check: one @, no spaces, a dot in the domain, sane length.
const EMAIL_RE = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

export function validateEmail(email: string, field = 'email'): string {
  const e = (email ?? '').trim().toLowerCase();
  if (e.length > 254 || !EMAIL_RE.test(e)) throw new BadInputError(field, 'Enter a valid email address.');
  return e;
}

export function validateUsername(username: string, field = 'username'): string {
  const u = (username ?? '').trim();
  if (!USERNAME_RE.test(u)) throw new BadInputError(field, 'Username must be 3-32 characters: letters, digits, _ . or -.');
  return u;
}

export function validatePassword(password: string, field = 'password'): string {
  if (typeof password !== 'string' || password.length < 8) throw new BadInputError(field, 'Password must be at least 8 characters.');
  if (password.length > 128) throw new BadInputError(field, 'Password must be at most 128 characters.');
  return password;
}

/** Trims; empty becomes null. Throws when longer than max. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const v = value.trim();
  if (!v) return null;
  if (v.length > max) throw new BadInputError(field, `"${field}" must be at most ${max} characters.`);
  return v;
}

export function requiredText(value: string | null | undefined, field: string, min: number, max: number): string {
  const v = (value ?? '').trim();
  if (v.length < min) throw new BadInputError(field, `"${field}" must not be empty.`);
  if (v.length > max) throw new BadInputError(field, `"${field}" must be at most ${max} characters.`);
  return v;
}
