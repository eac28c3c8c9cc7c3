/** Shared documents and set-up of the auth test files, a user's audit trail, and the tracking of secrets each file's logs check covers. */
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { AUTH_FIELDS, type StartOptions, useTestServer, type TestServer } from './harness.js';

export const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { ${AUTH_FIELDS} } }`;
export const LOGIN = `mutation($input: LoginInput!) { login(input: $input) { ${AUTH_FIELDS} } }`;
export const REFRESH = `mutation($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;
export const ME = `{ me { id username email isOnline lastSeenAt } }`;

export async function auditActionsOf(t: TestServer, userId: string): Promise<string[]> {
  const rows = await t.server.app.orm.em.fork().find(AuditEvent, { targetId: userId }, { orderBy: { createdAt: 'asc' } });
  return rows.map((r) => r.action);
}

/**
 * A `track` that adds the tokens (and the password, when given) of a sign-in to `secrets` and returns it unchanged:
 * each auth test file ends by checking that none of its secrets reached its server's logs.
 */
export function tracker(secrets: string[]) {
  return function track<T extends { accessToken: string; refreshToken: string; password?: string }>(u: T): T {
    secrets.push(u.accessToken, u.refreshToken);
    if (u.password) secrets.push(u.password);
    return u;
  };
}

/**
 * An auth test file's server, started before its tests (handed to `bind`, for the file's `t`) and stopped after them;
 * `track` collects the secrets of the sign-ins it is given, `auditActions` reads a user's audit trail, and
 * `expectNoSecretsInLogs` is the check each file ends with: none of the secrets (nor a password hash) in its logs.
 */
export function useAuthFixture(bind: (t: TestServer) => void, options?: StartOptions) {
  const t = useTestServer(bind, options, 'auth');
  const secrets: string[] = [];
  return {
    secrets,
    track: tracker(secrets),
    auditActions: (userId: string) => auditActionsOf(t(), userId),
    expectNoSecretsInLogs() {
      const all = t().logs.join('\n');
      expect(all.length).toBeGreaterThan(0);
      expect(secrets.length).toBeGreaterThan(10);
      for (const s of secrets) expect(all).not.toContain(s);
      expect(all).not.toMatch(/\$argon2id\$/);
    },
  };
}
