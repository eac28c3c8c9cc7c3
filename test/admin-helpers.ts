/** Shared set-up of the admin test files: an admin, a moderator and a plain user on one server, and the documents. */
import { loadConfig } from '../src/config.js';
import { runAdminCli } from '../src/modules/admin/admin.cli.js';
import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { register, startServer, type TestServer, type TestUser } from './harness.js';

/** Runs the admin CLI against a test server's database, the way `npm run admin -- ...` would. */
export async function runCli(t: TestServer, ...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const exit = await runAdminCli(args, loadConfig(t.env), {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { exit, out: out.join('\n'), err: err.join('\n') };
}

export async function auditOf(t: TestServer, targetId: string, action: string) {
  return t.server.app.orm.em.fork().find(AuditEvent, { targetId, action: action as never }, { orderBy: { createdAt: 'asc' } });
}

export interface AdminFixture {
  t: TestServer;
  admin: TestUser;
  mod: TestUser;
  plain: TestUser;
}

/** A server with an ADMIN, a MODERATOR (both promoted with the CLI) and a USER. */
export async function startAdminFixture(): Promise<AdminFixture> {
  const t = await startServer();
  const admin = await register(t, 'admin');
  const mod = await register(t, 'mod');
  const plain = await register(t, 'plain');
  if ((await runCli(t, 'promote', admin.username)).exit !== 0) throw new Error('could not promote the admin');
  if ((await runCli(t, 'promote', mod.email, '--role', 'moderator')).exit !== 0) throw new Error('could not promote the moderator');
  return { t, admin, mod, plain };
}

/**
 * An admin test file's fixture (startAdminFixture) before its tests, handed to `bind` for the file's own `t`, `admin`,
 * `mod` and `plain`, and its server stopped after them; `cli` and `auditFor` work on that server.
 */
export function useAdminFixture(bind: (f: AdminFixture) => void) {
  let fixture: AdminFixture | undefined;
  const t = () => {
    if (!fixture) throw new Error('the admin fixture is not started yet (use it inside tests)');
    return fixture.t;
  };
  beforeAll(async () => {
    fixture = await startAdminFixture();
    bind(fixture);
  });
  afterAll(async () => {
    await fixture?.t.stop();
  });
  return {
    cli: (...args: string[]) => runCli(t(), ...args),
    auditFor: (targetId: string, action: string) => auditOf(t(), targetId, action),
  };
}

export const LOGIN = `mutation($i: LoginInput!) { login(input: $i) { accessToken refreshToken user { id } } }`;
export const ME = `{ me { id role } }`;
export const ADMIN_USERS = `query($f: AdminUserFilter, $first: Int, $after: String) {
  adminUsers(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { id username email role isOnline bannedAt banReason createdAt } } pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}`;
export const AUDIT = `query($f: AuditEventFilter, $first: Int, $after: String) {
  auditEvents(filter: $f, first: $first, after: $after) {
    totalCount
    edges { cursor node { id action targetType targetId metadata ip createdAt actor { id username } target { __typename ... on User { id username } } } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const SET_ROLE = `mutation($u: ID!, $r: Role!) { setUserRole(userId: $u, role: $r) { id role } }`;
export const BAN = `mutation($u: ID!, $why: String) { banUser(userId: $u, reason: $why) { id bannedAt banReason isOnline } }`;
export const UNBAN = `mutation($u: ID!) { unbanUser(userId: $u) { id bannedAt banReason } }`;
