/** Shared documents and set-up of the rooms test files, and sending a message or making a group room as a given user. */
import { type StartOptions, useTestServer, type TestServer, type TestUser } from './harness.js';

export const ROOM_FIELDS = 'id kind name description memberCount myRole unreadCount lastSeq createdBy { id }';
export const q = {
  direct: `mutation($u: ID!) { createDirectRoom(userId: $u) { ${ROOM_FIELDS} } }`,
  group: `mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { ${ROOM_FIELDS} } }`,
  pub: `mutation($i: CreatePublicRoomInput!) { createPublicRoom(input: $i) { ${ROOM_FIELDS} } }`,
  room: `query($id: ID!) { room(id: $id) { ${ROOM_FIELDS} } }`,
  members: `query($id: ID!) { room(id: $id) { members(first: 50) { totalCount edges { node { role lastReadSeq user { id username isOnline } } } } } }`,
  messages: `query($id: ID!, $first: Int, $after: String, $last: Int, $before: String) { room(id: $id) { messages(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id seq body clientId deletedAt editedAt sender { id } reactions { emoji count reactedByMe } } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }`,
  send: `mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq body clientId createdAt sender { id username } room { id } } }`,
  join: `mutation($r: ID!) { joinRoom(roomId: $r) { ${ROOM_FIELDS} } }`,
  add: `mutation($r: ID!, $u: [ID!]!) { addMembers(roomId: $r, userIds: $u) { memberCount } }`,
  remove: `mutation($r: ID!, $u: ID!) { removeMember(roomId: $r, userId: $u) { memberCount } }`,
  leave: `mutation($r: ID!) { leaveRoom(roomId: $r) }`,
  update: `mutation($r: ID!, $i: UpdateRoomInput!) { updateRoom(roomId: $r, input: $i) { name description } }`,
  role: `mutation($r: ID!, $u: ID!, $role: MemberRole!) { setMemberRole(roomId: $r, userId: $u, role: $role) { id } }`,
  del: `mutation($r: ID!) { deleteRoom(roomId: $r) }`,
  edit: `mutation($m: ID!, $b: String!) { editMessage(messageId: $m, body: $b) { id body editedAt } }`,
  delMsg: `mutation($m: ID!) { deleteMessage(messageId: $m) { id body deletedAt } }`,
  react: `mutation($m: ID!, $e: String!) { addReaction(messageId: $m, emoji: $e) { reactions { emoji count reactedByMe } } }`,
  unreact: `mutation($m: ID!, $e: String!) { removeReaction(messageId: $m, emoji: $e) { reactions { emoji count reactedByMe } } }`,
  read: `mutation($r: ID!, $s: Int!) { markRead(roomId: $r, seq: $s) { unreadCount } }`,
  rooms: `query($first: Int, $after: String) { rooms(first: $first, after: $after) { totalCount edges { cursor node { id name kind unreadCount lastMessage { body } } } pageInfo { hasNextPage endCursor } } }`,
};

export async function sendAs(t: TestServer, u: TestUser, roomId: string, body: string, clientId?: string) {
  const r = await t.gql(q.send, { i: { roomId, body, clientId } }, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.sendMessage;
}

export async function groupOf(t: TestServer, owner: TestUser, members: TestUser[], name = 'Team') {
  const r = await t.gql(q.group, { i: { name, memberIds: members.map((m) => m.id) } }, owner.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createGroupRoom;
}

/**
 * A rooms test file's server, started before its tests (handed to `bind`, for the file's `t`) and stopped after them,
 * with `send` and `group` on it.
 */
export function useRoomsFixture(bind: (t: TestServer) => void, options?: StartOptions) {
  const t = useTestServer(bind, options, 'rooms');
  return {
    send: (u: TestUser, roomId: string, body: string, clientId?: string) => sendAs(t(), u, roomId, body, clientId),
    group: (owner: TestUser, members: TestUser[], name?: string) => groupOf(t(), owner, members, name),
  };
}
