import { readFileSync } from 'node:fs';
import path from 'node:path';
import { print } from 'graphql';
import { diagnostics } from '../src/diagnostics/diagnostics.js';
import type { RoomEventMessage } from '../src/modules/rooms/room-events.service.js';
import type { Client } from 'graphql-ws';
import { waitFor, type TestServer, type TestUser } from './harness.js';

/** One live subscription: what it received, and whether it ended. */
export interface Sub<T = any> {
  events: T[];
  errors: any[];
  completed: boolean;
  dispose(): void;
}

export function subscribe<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Sub<T> {
  const sub: Sub<T> = { events: [], errors: [], completed: false, dispose: () => {} };
  sub.dispose = client.subscribe<any>(
    { query, variables },
    {
      next: (r) => {
        if (r.errors) sub.errors.push(...r.errors);
        else if (r.data) sub.events.push(Object.values(r.data)[0] as T);
      },
      error: (e) => {
        sub.errors.push(...(Array.isArray(e) ? e : [e]));
        sub.completed = true;
      },
      complete: () => {
        sub.completed = true;
      },
    },
  );
  return sub;
}

/** A socket that is connected (acknowledged) or refused, with its close code once closed. */
export async function connect(t: TestServer, token: string | null) {
  // Not lazy: the socket opens now and stays open without a subscription.
  const client = t.ws(token, { lazy: false, onNonLazyError: () => {} });
  const state: { closedCode?: number; closedReason?: string } = {};
  const ok = await new Promise<boolean>((resolve) => {
    client.on('connected', () => resolve(true));
    client.on('closed', (e: any) => {
      state.closedCode = e.code;
      state.closedReason = e.reason;
      resolve(false);
    });
  });
  return { client, state, ok };
}

export const ROOM_EVENTS = `subscription($r: ID!, $a: Int) { roomEvents(roomId: $r, afterSeq: $a) {
  __typename seq roomId at
  ... on MessageAdded { message { id body seq } }
  ... on MessageEdited { message { id body } }
  ... on MessageDeleted { messageId }
  ... on MemberJoined { userId }
  ... on MemberLeft { userId removedBy { id } }
  ... on AccessRevoked { reason }
} }`;

export const TYPING = `subscription($r: ID!) { typing(roomId: $r) { roomId isTyping user { id } } }`;
export const PRESENCE = `subscription($r: ID!) { presence(roomId: $r) { roomId isOnline lastSeenAt user { id } } }`;
export const VIEWER_EVENTS = `subscription { viewerEvents { __typename roomId ... on RoomActivity { lastSeq unreadCount } ... on RemovedFromRoom { reason } ... on AddedToRoom { room { id } } } }`;

export async function groupRoom(t: TestServer, owner: TestUser, members: TestUser[], name = 'Room'): Promise<string> {
  const r = await t.gql(`mutation($i: CreateGroupRoomInput!) { createGroupRoom(input: $i) { id } }`, { i: { name, memberIds: members.map((m) => m.id) } }, owner.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.createGroupRoom.id;
}

export async function sendMessage(t: TestServer, u: TestUser, roomId: string, body: string): Promise<{ id: string; seq: number }> {
  const r = await t.gql(`mutation($i: SendMessageInput!) { sendMessage(input: $i) { id seq } }`, { i: { roomId, body } }, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.sendMessage;
}

export async function roomSeq(t: TestServer, u: TestUser, roomId: string): Promise<number> {
  const r = await t.gql(`query($id: ID!) { room(id: $id) { lastSeq } }`, { id: roomId }, u.accessToken);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.room.lastSeq;
}

export async function isOnline(t: TestServer, viewer: TestUser, userId: string): Promise<boolean> {
  const r = await t.gql(`query($id: ID!) { user(id: $id) { isOnline } }`, { id: userId }, viewer.accessToken);
  return r.data.user.isOnline;
}

/** Waits until the user holds at least `n` live streams on the server's sockets (their subscriptions are set up). */
export function streamsReady(t: TestServer, user: { id: string }, n = 1) {
  return waitFor(() => diagnostics(t.server).localStreams(user.id) >= n, `${n} live stream(s) for the user`);
}

/** A hold on the server's viewer news (the diagnostics seam): batches it matches wait until `release()`. */
export interface ViewerNewsHold {
  /** True once a matching batch is waiting. */
  readonly held: boolean;
  /** Lets the held batches through and stops holding new ones (safe to call more than once). */
  release(): void;
}

/** Holds the fan-out of each viewer news batch that `match` accepts (every batch by default) until released. */
export function holdViewerNews(t: TestServer, match: (events: readonly RoomEventMessage[]) => boolean = () => true): ViewerNewsHold {
  const faults = diagnostics(t.server).faults;
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const hold = {
    held: false,
    release() {
      if (faults.beforeViewerFanOut === fault) faults.beforeViewerFanOut = undefined;
      open();
    },
  };
  const fault = (events: readonly RoomEventMessage[]) => {
    if (!match(events)) return;
    hold.held = true;
    return gate;
  };
  faults.beforeViewerFanOut = fault;
  return hold;
}

/** A socket for the user on the server (the server disposes of it when it stops). */
export function socket(t: TestServer, u: TestUser, opts: Parameters<TestServer['ws']>[1] = {}) {
  return t.ws(u.accessToken, opts);
}

/** Ends the subscriptions and waits until none of the users holds a live stream on the server's sockets. */
export async function end(t: TestServer, users: TestUser[], subs: Sub[]) {
  for (const s of subs) s.dispose();
  await waitFor(() => users.every((u) => diagnostics(t.server).localStreams(u.id) === 0), 'the streams to end');
}

/** The seqs of the events a subscription received, in order. */
export const seqs = (s: Sub) => s.events.map((e) => e.seq as number);

/**
 * The web app's own document `<name>Document` (e.g. RoomEvents from web/src/features/room/fragments.ts, ViewerEvents
 * from web/src/features/rooms/RoomList.tsx), as codegen compiled it into web/src/gql/graphql.ts, read at run time.
 */
export function webDocument(name: string): string {
  const file = path.join(__dirname, '../web/src/gql/graphql.ts');
  const match = new RegExp(`export const ${name}Document = (\\{.*\\}) as unknown as DocumentNode`).exec(readFileSync(file, 'utf8'));
  if (!match) throw new Error(`${name}Document not found in ${file} (npm run codegen)`);
  return print(JSON.parse(match[1]));
}
