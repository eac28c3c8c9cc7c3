import { ROOM_PASSWORD_ATTEMPTS_PER_IP, ROOM_PASSWORD_ATTEMPTS_PER_USER } from '../src/modules/room-access/room-password.service.js';
import { Room } from '../src/modules/rooms/room.entity.js';
import { register, startServer, type TestServer } from './harness.js';
import { audits, memberIds, ok, P, refused } from './people-helpers.js';

let t: TestServer;
beforeAll(async () => {
  t = await startServer();
});
afterAll(async () => {
  await t?.stop();
});

const STATE = `query($id: ID!) { room(id: $id) { joinState hasPassword } }`;
const SECRET = 'open sesame';

describe('protected rooms', () => {
  it('take a password that is stored hashed and never returned, and let in only with it', async () => {
    const [owner, member, outsider, banned] = await Promise.all([register(t, 'owner'), register(t, 'member'), register(t, 'outsider'), register(t, 'banned')]);
    refused(await t.gql(P.pub, { i: { name: 'Vault', password: 'abc' } }, owner.accessToken), 'BAD_USER_INPUT');
    const r = await t.gql(P.pub, { i: { name: 'Vault', password: SECRET } }, owner.accessToken);
    expect(JSON.stringify(r)).not.toContain(SECRET);
    const roomId = r.data.createPublicRoom.id;
    expect(r.data.createPublicRoom.hasPassword).toBe(true);
    const stored = await t.server.app.orm.em.fork().findOneOrFail(Room, { id: roomId });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await ok(t, STATE, { id: roomId }, outsider)).room).toEqual({ joinState: 'PASSWORD', hasPassword: true });

    refused(await t.gql(P.join, { r: roomId }), 'UNAUTHENTICATED');
    const none = await t.gql(P.join, { r: roomId }, outsider.accessToken);
    refused(none, 'BAD_USER_INPUT', /password/);
    expect(none.errors![0].extensions!.field).toBe('password');
    refused(await t.gql(P.join, { r: roomId, p: 'wrong guess' }, outsider.accessToken), 'BAD_USER_INPUT', /not right/);
    expect(await memberIds(t, owner, roomId)).toEqual([owner.id]);
    expect((await ok(t, P.join, { r: roomId, p: SECRET }, member)).joinRoom.myRole).toBe('MEMBER');
    // A ban beats the right password.
    await ok(t, P.ban, { r: roomId, u: banned.id }, owner);
    refused(await t.gql(P.join, { r: roomId, p: SECRET }, banned.accessToken), 'FORBIDDEN', /banned/);
    // An invite link is its own permission: no password needed.
    const link = (await ok(t, `mutation($r: ID!) { createInviteLink(roomId: $r) { code } }`, { r: roomId }, owner)).createInviteLink;
    await ok(t, `mutation($c: String!) { joinByInvite(code: $c) { id } }`, { c: link.code }, outsider);
    expect(await memberIds(t, owner, roomId)).toEqual(expect.arrayContaining([owner.id, member.id, outsider.id]));
    const failed = await audits(t, { targetId: roomId, action: 'ROOM_PASSWORD_FAILED' });
    expect(failed.map((a) => a.actor?.id)).toEqual([outsider.id]);
  });

  it('changing or removing the password keeps every member; only owners and admins may', async () => {
    const [owner, member, late] = await Promise.all([register(t, 'owner'), register(t, 'member'), register(t, 'late')]);
    const roomId = (await ok(t, P.pub, { i: { name: 'Club', password: SECRET } }, owner)).createPublicRoom.id;
    await ok(t, P.join, { r: roomId, p: SECRET }, member);
    refused(await t.gql(P.update, { r: roomId, i: { password: 'new secret' } }, member.accessToken), 'FORBIDDEN');
    refused(await t.gql(P.update, { r: roomId, i: { password: 'new secret' } }, late.accessToken), 'FORBIDDEN');
    const upd = await t.gql(P.update, { r: roomId, i: { password: 'new secret' } }, owner.accessToken);
    expect(JSON.stringify(upd)).not.toContain('new secret');
    expect(await memberIds(t, owner, roomId)).toEqual([owner.id, member.id]);
    refused(await t.gql(P.join, { r: roomId, p: SECRET }, late.accessToken), 'BAD_USER_INPUT');
    expect((await ok(t, P.update, { r: roomId, i: { password: '' } }, owner)).updateRoom.hasPassword).toBe(false);
    expect((await ok(t, STATE, { id: roomId }, late)).room.joinState).toBe('OPEN');
    await ok(t, P.join, { r: roomId }, late);
    const changes = await audits(t, { targetId: roomId, action: 'ROOM_UPDATED' });
    expect(changes.map((a) => a.metadata)).toEqual([{ changed: ['password'] }, { changed: ['password'] }]);
    expect(JSON.stringify(changes)).not.toContain('secret');
    // Groups have no passwords (they have invitations).
    const groupId = (await ok(t, P.group, { i: { name: 'G', memberIds: [] } }, owner)).createGroupRoom.id;
    refused(await t.gql(P.update, { r: groupId, i: { password: SECRET } }, owner.accessToken), 'BAD_USER_INPUT');
  });

  it('rate limits attempts per user, even with the right password once over the limit', async () => {
    const [owner, guesser] = await Promise.all([register(t, 'owner'), register(t, 'guesser')]);
    const roomId = (await ok(t, P.pub, { i: { name: 'Limited', password: SECRET } }, owner)).createPublicRoom.id;
    for (let i = 0; i < ROOM_PASSWORD_ATTEMPTS_PER_USER; i++) refused(await t.gql(P.join, { r: roomId, p: `guess ${i}` }, guesser.accessToken), 'BAD_USER_INPUT');
    const limited = await t.gql(P.join, { r: roomId, p: SECRET }, guesser.accessToken);
    refused(limited, 'RATE_LIMITED');
    expect(limited.errors![0].extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await memberIds(t, owner, roomId)).toEqual([owner.id]);
  });
});

describe('protected rooms, per IP', () => {
  it('rate limits attempts from one address across users', async () => {
    const s = await startServer();
    try {
      const owner = await register(s, 'owner');
      const roomId = (await ok(s, P.pub, { i: { name: 'Limited', password: SECRET } }, owner)).createPublicRoom.id;
      const users = await Promise.all(Array.from({ length: Math.ceil(ROOM_PASSWORD_ATTEMPTS_PER_IP / ROOM_PASSWORD_ATTEMPTS_PER_USER) + 1 }, () => register(s, 'g')));
      let attempts = 0;
      for (const u of users) {
        for (let i = 0; i < ROOM_PASSWORD_ATTEMPTS_PER_USER && attempts < ROOM_PASSWORD_ATTEMPTS_PER_IP; i++, attempts++) {
          refused(await s.gql(P.join, { r: roomId, p: 'wrong' }, u.accessToken), 'BAD_USER_INPUT');
        }
      }
      // A fresh user from the same address is over the address's limit.
      refused(await s.gql(P.join, { r: roomId, p: SECRET }, users[users.length - 1].accessToken), 'RATE_LIMITED');
    } finally {
      await s.stop();
    }
  });
});
