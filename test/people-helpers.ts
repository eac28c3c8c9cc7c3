import { AuditEvent } from '../src/modules/audit/audit-event.entity.js';
import { code, type GqlResult, type TestServer, type TestUser } from './harness.js';

/** Documents shared by the people, invitations and room-ban suites. */
export const P = {
  group: `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`,
  pub: `mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { id hasPassword } }`,
  direct: `mutation($u: ID!) { createDirectRoom(userId: $u) { id } }`,
  join: `mutation($r: ID!, $p: String) { joinRoom(roomId: $r, password: $p) { id myRole } }`,
  add: `mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { memberCount } }`,
  role: `mutation($r: ID!, $u: ID!, $role: MemberRole!) { setMemberRole(roomId: $r, userId: $u, role: $role) { id } }`,
  update: `mutation($r: ID!, $i: UpdateRoomInput!) { updateRoom(roomId: $r, input: $i) { id hasPassword discoverable addPolicy } }`,
  send: `mutation($r: ID!, $b: String!) { sendMessage(input: { roomId: $r, body: $b }) { id seq } }`,
  members: `query($id: ID!) { room(id: $id) { members(first: 100) { edges { node { role user { id } } } } } }`,
  ban: `mutation($r: ID!, $u: ID!, $why: String) { banFromRoom(roomId: $r, userId: $u, reason: $why) { id memberCount } }`,
  unban: `mutation($r: ID!, $u: ID!) { unbanFromRoom(roomId: $r, userId: $u) { id } }`,
  bans: `query($id: ID!) { room(id: $id) { bans(first: 50) { totalCount edges { node { id reason createdAt user { id } bannedBy { id } } } } } }`,
};

/** Runs a document and fails the test on any error. */
export async function ok<T = any>(t: TestServer, query: string, variables: Record<string, unknown>, u?: TestUser): Promise<T> {
  const r = await t.gql(query, variables, u?.accessToken);
  if (r.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.errors)}`);
  return r.data as T;
}

/** Expects the operation to be refused with `expected` and, when given, a message matching `message`. */
export function refused(r: GqlResult, expected: string, message?: RegExp) {
  if (code(r) !== expected) throw new Error(`expected ${expected}, got ${JSON.stringify(r.errors ?? r.data)}`);
  if (message && !message.test(r.errors![0].message)) throw new Error(`message ${JSON.stringify(r.errors![0].message)} does not match ${message}`);
}

export async function memberIds(t: TestServer, viewer: TestUser, roomId: string): Promise<string[]> {
  const d = await ok(t, P.members, { id: roomId }, viewer);
  return d.room.members.edges.map((e: any) => e.node.user.id);
}

export function audits(t: TestServer, where: Record<string, unknown>) {
  return t.server.app.orm.em.fork().find(AuditEvent, where as never, { orderBy: { createdAt: 'asc' } });
}
