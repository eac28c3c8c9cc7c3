import { BadInputError, type FieldProblem } from '../errors.js';

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

const LABELS: Record<string, string> = {
  displayName: 'Display name',
  name: 'Name',
  description: 'Description',
  reason: 'Reason',
  body: 'A message',
  email: 'Email',
  username: 'Username',
  password: 'Password',
  newPassword: 'The new password',
  currentPassword: 'The current password',
  search: 'The search text',
  roomId: 'The room id',
  userId: 'The user id',
  messageId: 'The message id',
  memberIds: 'A member id',
  userIds: 'A user id',
  id: 'The id',
};

/** A field's name as a person reads it: `displayName` is "Display name", `filter.targetId` is "Target id". */
export function fieldLabel(field: string): string {
  const last = field.split('.').pop() ?? field;
  if (LABELS[last]) return LABELS[last]!;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Trims; empty becomes null. Throws when longer than max. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value === undefined || value === null) return null;
  const v = value.trim();
  if (!v) return null;
  if (v.length > max) throw new BadInputError(field, `${fieldLabel(field)} can be at most ${max} characters (this one has ${v.length}).`);
  return v;
}

export function requiredText(value: string | null | undefined, field: string, min: number, max: number): string {
  const v = (value ?? '').trim();
  if (v.length < min) throw new BadInputError(field, `${fieldLabel(field)} cannot be empty.`);
  if (v.length > max) throw new BadInputError(field, `${fieldLabel(field)} can be at most ${max} characters (this one has ${v.length}).`);
  return v;
}

type Checks = Record<string, () => unknown>;

/**
 * Runs every check of a request, so a person learns about all invalid fields at once: the values by name when all
 * pass, else one BadInputError whose `fields` lists each invalid field (in the order given) with its message.
 */
export function validateAll<T extends Checks>(checks: T): { [K in keyof T]: ReturnType<T[K]> } {
  const out = {} as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      out[name] = check();
    } catch (err) {
      if (!(err instanceof BadInputError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length) throw BadInputError.of(problems);
  return out as { [K in keyof T]: ReturnType<T[K]> };
}
