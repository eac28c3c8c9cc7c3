import type { EntityManager } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { SessionEndReason } from '../auth/session-end-reason.js';
import type { AppParts, Context } from '../../context.js';
import { createLoaders } from '../../loaders.js';
import { Message } from '../messages/message.entity.js';
import { Membership } from '../rooms/membership.entity.js';
import { RoomEvent } from '../rooms/room-event.entity.js';
import { Room } from '../rooms/room.entity.js';
import { Role, User } from '../users/user.entity.js';

/** Every demo account signs in with this password (the seed prints it). */
export const DEMO_PASSWORD = 'parley-demo';

const PEOPLE: Array<[username: string, displayName: string, role?: Role]> = [
  ['ada', 'Ada Lovelace', Role.ADMIN],
  ['grace', 'Grace Hopper', Role.MODERATOR],
  ['alan', 'Alan Turing'],
  ['margaret', 'Margaret Hamilton'],
  ['barbara', 'Barbara Liskov'],
  ['dennis', 'Dennis Ritchie'],
  ['ken', 'Ken Thompson'],
  ['radia', 'Radia Perlman'],
  ['edsger', 'Edsger Dijkstra'],
  ['katherine', 'Katherine Johnson'],
  ['linus', 'Linus Torvalds'],
  ['tim', 'Tim Berners-Lee'],
];

interface RoomPlan {
  key: string;
  kind: 'PUBLIC' | 'GROUP' | 'DIRECT';
  name?: string;
  description?: string;
  owner: string;
  members: string[];
  /** Share of the bulk messages. */
  weight: number;
}

const ROOMS: RoomPlan[] = [
  { key: 'general', kind: 'PUBLIC', name: 'general', description: 'Say hello. Everyone is here.', owner: 'ada', members: PEOPLE.map((p) => p[0]).filter((u) => u !== 'ada'), weight: 35 },
  { key: 'random', kind: 'PUBLIC', name: 'random', description: 'Off-topic, links, lunch.', owner: 'alan', members: ['ada', 'grace', 'ken', 'dennis', 'linus', 'tim', 'radia'], weight: 20 },
  { key: 'help', kind: 'PUBLIC', name: 'help', description: 'Ask anything about Parley.', owner: 'grace', members: ['katherine', 'tim', 'margaret'], weight: 8 },
  { key: 'compilers', kind: 'GROUP', name: 'Compilers', description: 'COBOL, A-0 and friends.', owner: 'grace', members: ['ada', 'alan', 'barbara', 'dennis'], weight: 12 },
  { key: 'apollo', kind: 'GROUP', name: 'Apollo guidance', description: 'Flight software reviews.', owner: 'margaret', members: ['ada', 'katherine', 'edsger'], weight: 10 },
  { key: 'unix', kind: 'GROUP', name: 'Unix room', owner: 'ken', members: ['dennis', 'linus'], weight: 7 },
  { key: 'ada-grace', kind: 'DIRECT', owner: 'ada', members: ['grace'], weight: 4 },
  { key: 'ada-alan', kind: 'DIRECT', owner: 'ada', members: ['alan'], weight: 2 },
  { key: 'grace-katherine', kind: 'DIRECT', owner: 'grace', members: ['katherine'], weight: 2 },
];

const OPENERS = ['', '', '', 'Honestly, ', 'Quick one: ', 'FYI ', 'Hmm, ', 'Agreed. ', 'Ha! ', 'So ', 'Update: ', 'Re the last point, '];
const LINES = [
  'has anyone tried the new build?',
  'the tests are green on both backends now',
  'I pushed a fix for the flaky reconnect',
  'lunch at noon?',
  'can someone review my branch before the standup',
  'the analytical engine would have loved this',
  'premature optimization is the root of all evil',
  'there is a bug in the loop invariant, I can prove it',
  'it works on my machine',
  'shipping it',
  'let me write that down before I forget',
  'the meeting moved to 3pm',
  'good morning everyone',
  'I will take the on-call shift tonight',
  'does anyone have the link to the design doc',
  'the deploy is rolling out to the second region',
  'that was a fun bug to chase',
  'coffee first, then code',
  'who broke the build? (it was me, sorry)',
  'we should measure before we guess',
  'the priority display saved the landing',
  'I found a moth in relay 70',
  'the shortest path is not always the fastest one to code',
  'keyset pagination beats OFFSET every time',
  'the subscription resumed without a gap',
  'thanks, that helped a lot',
  'see you all tomorrow',
  'I am out on Friday',
  'new release notes are up',
  'can we keep this thread on topic please',
];
const CLOSERS = ['', '', '', ' 🙂', ' 🚀', '!', '...', ' 👍', ' (more soon)', ' — thoughts?'];

/** A small deterministic PRNG, so two seeds of an empty database look the same. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedOptions {
  /** Bulk history spread over the demo rooms (default 3000). */
  messages?: number;
  /** Extra generated accounts (user00001...), inserted in bulk with the demo password (default 0). */
  extraUsers?: number;
  /** How far back the history starts, in days (default 14). */
  days?: number;
  log?: (line: string) => void;
  progress?: (line: string) => void;
}

export interface SeedResult {
  seeded: boolean;
  users: Array<{ username: string; email: string; role: Role }>;
  rooms: Array<{ id: string; kind: string; name: string | null }>;
  messages: number;
}

function contextFor(app: AppParts, viewer: User | null): Context {
  const em = app.orm.em.fork();
  return { app, em, viewer, session: null, loaders: createLoaders(em, viewer?.id ?? null), ip: null, userAgent: 'parley-seed', requestId: randomUUID() };
}

/**
 * Fills a database with a living demo: the PEOPLE (password DEMO_PASSWORD; ada is ADMIN, grace MODERATOR), rooms of
 * every kind made through the real services, a bulk history inserted directly in batches (Message + RoomEvent rows
 * with gapless seqs, rooms.last_seq and last_activity_at kept in step), and a few live messages through sendMessage.
 * Does nothing when the demo users already exist.
 */
export async function seedDemo(app: AppParts, options: SeedOptions = {}): Promise<SeedResult> {
  const log = options.log ?? (() => {});
  const progress = options.progress ?? log;
  const total = options.messages ?? 3000;
  const days = options.days ?? 14;
  const random = prng(20261121);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const services = app.services;
  const em = app.orm.em.fork();
  const sqlite = app.config.database.kind === 'sqlite';
  const dbTime = (d: Date) => (sqlite ? d.getTime() : d);

  const users = PEOPLE.map(([username, , role]) => ({ username, email: `${username}@example.com`, role: role ?? Role.USER }));
  if (await em.count(User, { usernameLower: { $in: PEOPLE.map((p) => p[0]) } })) {
    log('The demo users already exist: nothing to do. (Start from an empty database to seed again.)');
    return { seeded: false, users, rooms: [], messages: 0 };
  }

  const now = Date.now();
  const start = new Date(now - days * 24 * 3600 * 1000);

  // People, through registration (argon2 hashes, audit entries), then roles and back-dated sign-up times.
  const byName = new Map<string, User>();
  for (const [i, [username, displayName, role]] of PEOPLE.entries()) {
    const r = await services.auth.register(contextFor(app, null), { email: `${username}@example.com`, username, password: DEMO_PASSWORD, displayName });
    const joined = new Date(start.getTime() - (PEOPLE.length - i) * 24 * 3600 * 1000);
    await em.nativeUpdate(User, { id: r.user.id }, { role: role ?? Role.USER, createdAt: joined, isOnline: false });
    byName.set(username, r.user);
  }
  // Sessions opened by registration are not needed: end them so nobody shows as online.
  for (const u of byName.values()) await services.auth.revokeAllSessions(em, u.id, SessionEndReason.SEEDED);
  log(`users: ${PEOPLE.length} demo accounts`);

  if (options.extraUsers) await insertExtraUsers(em, byName.get('ada')!, options.extraUsers, start, progress);

  // Rooms of every kind, through the real services, then back-dated to the start of the history.
  const rooms = new Map<string, Room>();
  for (const plan of ROOMS) {
    const owner = byName.get(plan.owner)!;
    const ctx = contextFor(app, owner);
    let room: Room;
    if (plan.kind === 'DIRECT') room = await services.roomCreation.createDirectRoom(ctx, byName.get(plan.members[0])!.id);
    else if (plan.kind === 'GROUP') room = await services.roomCreation.createGroupRoom(ctx, { name: plan.name!, description: plan.description, memberIds: plan.members.map((m) => byName.get(m)!.id) });
    else {
      room = await services.roomCreation.createPublicRoom(ctx, { name: plan.name!, description: plan.description });
      for (const m of plan.members) await services.memberships.joinRoom(contextFor(app, byName.get(m)!), room.id);
    }
    rooms.set(plan.key, room);
  }
  const roomIds = [...rooms.values()].map((r) => r.id);
  await em.nativeUpdate(Room, { id: { $in: roomIds } }, { createdAt: start, lastActivityAt: start });
  await em.nativeUpdate(Membership, { room: { $in: roomIds } }, { joinedAt: start });
  await em.nativeUpdate(RoomEvent, { room: { $in: roomIds } }, { createdAt: start });
  log(`rooms: ${ROOMS.map((r) => (r.name ? `${r.name} (${r.kind})` : `${r.owner} & ${r.members[0]} (DIRECT)`)).join(', ')}`);

  // Bulk history: per room, sorted random times between the start and ten minutes ago.
  const weights = ROOMS.reduce((s, r) => s + r.weight, 0);
  const end = now - 10 * 60 * 1000;
  let inserted = 0;
  const BATCH = 500;
  for (const plan of ROOMS) {
    const room = rooms.get(plan.key)!;
    const count = Math.round((total * plan.weight) / weights);
    const speakers = [plan.owner, ...plan.members].map((u) => byName.get(u)!.id);
    const times = Array.from({ length: count }, () => start.getTime() + 60_000 + random() * (end - start.getTime() - 60_000)).sort((a, b) => a - b);
    for (let from = 0; from < count; from += BATCH) {
      const slice = times.slice(from, from + BATCH);
      await em.fork().transactional(async (tx) => {
        const last = new Date(slice[slice.length - 1]);
        // Take slice.length seqs at once, like RoomEventService.nextSeq does one at a time.
        const rows = await (tx as SqlEntityManager).execute<Array<{ last_seq: number }>>(
          'update rooms set last_seq = last_seq + ?, last_activity_at = ? where id = ? returning last_seq',
          [slice.length, dbTime(last), room.id],
        );
        const firstSeq = Number(rows[0].last_seq) - slice.length + 1;
        const messages = slice.map((ms, i) => ({
          id: randomUUID(),
          room: room.id,
          sender: pick(speakers),
          seq: firstSeq + i,
          body: `${pick(OPENERS)}${pick(LINES)}${pick(CLOSERS)}`.replace(/^./, (c) => c.toUpperCase()),
          clientId: null,
          filtered: false,
          createdAt: new Date(ms),
          reactions: {},
        }));
        await tx.insertMany(Message, messages);
        await tx.insertMany(
          RoomEvent,
          messages.map((m) => ({ id: randomUUID(), room: room.id, seq: m.seq, type: 'MessageAdded' as const, payload: { messageId: m.id, senderId: m.sender }, createdAt: m.createdAt })),
        );
      });
      inserted += slice.length;
      progress(`messages: ${inserted}/${total}`);
    }
  }

  // Each member has read most of each room, so unread counts show up in the room list.
  for (const room of await em.fork().find(Room, { id: { $in: roomIds } })) {
    for (const m of await em.find(Membership, { room: room.id })) {
      const behind = Math.floor(random() * 12);
      await em.nativeUpdate(Membership, { id: m.id }, { lastReadSeq: Math.max(0, room.lastSeq - behind) });
    }
  }

  // A few live messages through the real path (events published, unread counts move), and a reaction.
  const live: Array<[string, string, string]> = [
    ['general', 'ada', 'Welcome to Parley! Open a room and say hello; try the roomEvents subscription in Sandbox.'],
    ['general', 'grace', 'Moderator here: be kind, and report anything odd to me or ada.'],
    ['compilers', 'alan', 'Can a machine think? Asking for the compiler.'],
    ['ada-grace', 'grace', 'The admin views are live: try adminMessages with a filter.'],
  ];
  let lastId = '';
  for (const [key, who, body] of live) {
    const m = await services.messages.sendMessage(contextFor(app, byName.get(who)!), { roomId: rooms.get(key)!.id, body });
    lastId = m.id;
  }
  await services.messages.react(contextFor(app, byName.get('ada')!), lastId, '👍', true);
  log(`live: ${live.length} messages sent through sendMessage`);

  return {
    seeded: true,
    users,
    rooms: ROOMS.map((p) => ({ id: rooms.get(p.key)!.id, kind: p.kind, name: p.name ?? null })),
    messages: inserted + live.length,
  };
}

/** Extra accounts for trying the admin views at scale; one argon2 hash shared by all, inserted in batches. */
async function insertExtraUsers(em: EntityManager, template: User, count: number, start: Date, progress: (line: string) => void) {
  const { passwordHash } = await em.findOneOrFail(User, { id: template.id }, { populate: ['passwordHash'] });
  const BATCH = 1000;
  const span = 365 * 24 * 3600 * 1000;
  for (let from = 0; from < count; from += BATCH) {
    const rows = [];
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      const username = `user${String(i + 1).padStart(6, '0')}`;
      const createdAt = new Date(start.getTime() - span + (span * i) / count);
      rows.push({
        id: randomUUID(),
        email: `${username}@example.com`,
        username,
        usernameLower: username,
        passwordHash,
        displayName: `Demo User ${i + 1}`,
        role: i % 500 === 0 ? Role.MODERATOR : Role.USER,
        isOnline: i % 50 === 0,
        bannedAt: i % 200 === 0 ? createdAt : null,
        banReason: i % 200 === 0 ? 'demo ban' : null,
        createdAt,
        updatedAt: createdAt,
      });
    }
    await em.fork().insertMany(User, rows);
    progress(`extra users: ${Math.min(count, from + BATCH)}/${count}`);
  }
}
