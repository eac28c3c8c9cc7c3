import type { ApolloClient } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useApolloClient } from '@apollo/client/react';
import { backoffDelay } from '../../apollo/resumable';
import { onBack } from '../../apollo/when-back';
import { errorMessage } from '../../lib/errors';
import { newClientId } from '../../lib/format';
import { appendMessage } from './cache';
import { SendMessageMutation } from './fragments';

/** A message the server has not confirmed yet. */
export interface OutboxEntry {
  clientId: string;
  roomId: string;
  body: string;
  /** When the user sent it (epoch ms): entries of a room go out in this order. */
  at: number;
  /** sending: a request is out; waiting: the server is out of reach, it goes out when it is back; failed: refused. */
  status: 'sending' | 'waiting' | 'failed';
  error?: string;
}

const EMPTY: OutboxEntry[] = [];

/**
 * Unsent messages of one user, kept in localStorage (per user), so they survive a room switch, a reload and a
 * crash. An entry leaves when the server confirms it (by its reply, or by its clientId in the room's list) or
 * when the user discards it. Another tab's changes are followed.
 */
export class Outbox {
  private entries: OutboxEntry[];
  private readonly listeners = new Set<() => void>();
  private readonly byRoom = new Map<string, OutboxEntry[]>();
  private readonly key: string;

  constructor(readonly userId: string) {
    this.key = `parley.outbox.${userId}`;
    // Requests that were out when the page went away may or may not have landed: resending (same clientId) tells.
    this.entries = this.load().map((e) => (e.status === 'sending' ? { ...e, status: 'waiting' } : e));
    window.addEventListener('storage', this.onStorage);
  }

  private load(): OutboxEntry[] {
    try {
      const raw = localStorage.getItem(this.key);
      const list = raw ? (JSON.parse(raw) as OutboxEntry[]) : [];
      return Array.isArray(list) ? list.filter((e) => e && typeof e.clientId === 'string' && typeof e.roomId === 'string' && typeof e.body === 'string') : [];
    } catch {
      return [];
    }
  }

  private readonly onStorage = (e: StorageEvent) => {
    if (e.key !== this.key) return;
    this.entries = this.load();
    this.changed(false);
  };

  private changed(save = true) {
    this.byRoom.clear();
    if (save) {
      try {
        if (this.entries.length) localStorage.setItem(this.key, JSON.stringify(this.entries));
        else localStorage.removeItem(this.key);
      } catch {
        // Storage full or denied: the entries still live for this page.
      }
    }
    for (const l of this.listeners) l();
  }

  dispose() {
    window.removeEventListener('storage', this.onStorage);
    this.listeners.clear();
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  all(): OutboxEntry[] {
    return this.entries;
  }

  /** The room's entries in the order they were written (the same array until something changes, for React). */
  forRoom(roomId: string): OutboxEntry[] {
    let list = this.byRoom.get(roomId);
    if (!list) {
      list = this.entries.filter((e) => e.roomId === roomId);
      this.byRoom.set(roomId, list.length ? list : EMPTY);
    }
    return list.length ? list : EMPTY;
  }

  get(clientId: string): OutboxEntry | undefined {
    return this.entries.find((e) => e.clientId === clientId);
  }

  add(roomId: string, body: string): OutboxEntry {
    const entry: OutboxEntry = { clientId: newClientId(), roomId, body, at: Date.now(), status: 'sending' };
    this.entries = [...this.entries, entry];
    this.changed();
    return entry;
  }

  update(clientId: string, patch: Partial<Pick<OutboxEntry, 'status' | 'error'>>) {
    if (!this.get(clientId)) return;
    this.entries = this.entries.map((e) => (e.clientId === clientId ? { ...e, ...patch } : e));
    this.changed();
  }

  remove(clientIds: Iterable<string>) {
    const gone = new Set(clientIds);
    const left = this.entries.filter((e) => !gone.has(e.clientId));
    if (left.length === this.entries.length) return;
    this.entries = left;
    this.changed();
  }
}

/** True when the request never got an answer from the server (offline, server down): worth resending as is. */
function unreachable(err: unknown): boolean {
  if (CombinedGraphQLErrors.is(err)) return err.errors.some((e) => e.extensions?.code === 'RATE_LIMITED');
  return true;
}

/**
 * Sends the outbox: at once when the user writes, again whenever the connection comes back (and on a backoff while
 * the server stays out of reach), always with the entry's own clientId, so the server stores each message once
 * however often it is sent. A room's entries go out one after another, in the order they were written.
 */
export class OutboxSender {
  private readonly busy = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  private failures = 0;
  private stopped = false;
  private readonly unlisten: () => void;

  constructor(
    readonly outbox: Outbox,
    private readonly client: ApolloClient,
  ) {
    this.unlisten = onBack(() => this.flush());
    window.addEventListener('online', this.flush);
    this.flush();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unlisten();
    window.removeEventListener('online', this.flush);
    this.outbox.dispose();
  }

  /** Writes a message: into the outbox first (so nothing is lost), then out. */
  send(roomId: string, body: string) {
    const entry = this.outbox.add(roomId, body);
    void this.drain(roomId);
    return entry;
  }

  /** The user's Retry on a refused message. */
  retry(clientId: string) {
    const e = this.outbox.get(clientId);
    if (!e) return;
    this.outbox.update(clientId, { status: 'waiting', error: undefined });
    void this.drain(e.roomId);
  }

  /** Sends everything that waits, room by room. */
  flush = () => {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const roomId of new Set(this.outbox.all().map((e) => e.roomId))) void this.drain(roomId);
  };

  private async drain(roomId: string) {
    if (this.stopped || this.busy.has(roomId)) return;
    this.busy.add(roomId);
    try {
      for (;;) {
        const next = this.outbox.forRoom(roomId).find((e) => e.status !== 'failed');
        if (!next || this.stopped) return;
        if (!(await this.deliver(next))) return; // out of reach: the rest waits with it
      }
    } finally {
      this.busy.delete(roomId);
    }
  }

  /** False when the server is out of reach (the entry waits). */
  private async deliver(entry: OutboxEntry): Promise<boolean> {
    this.outbox.update(entry.clientId, { status: 'sending', error: undefined });
    try {
      const { data } = await this.client.mutate({ mutation: SendMessageMutation, variables: { input: { roomId: entry.roomId, body: entry.body, clientId: entry.clientId } } });
      if (data) appendMessage(this.client.cache, entry.roomId, data.sendMessage);
      this.outbox.remove([entry.clientId]);
      this.failures = 0;
      return true;
    } catch (err) {
      if (!this.outbox.get(entry.clientId)) return true; // discarded meanwhile
      if (unreachable(err)) {
        // It and everything behind it in the room wait for the server.
        for (const e of this.outbox.forRoom(entry.roomId)) if (e.status === 'sending') this.outbox.update(e.clientId, { status: 'waiting', error: undefined });
        this.failures++;
        clearTimeout(this.timer);
        if (!this.stopped) this.timer = setTimeout(this.flush, backoffDelay(this.failures + 2));
        return false;
      }
      this.outbox.update(entry.clientId, { status: 'failed', error: errorMessage(err) ?? 'The server refused it.' });
      return true;
    }
  }
}

let current: { userId: string; client: ApolloClient; sender: OutboxSender } | null = null;

/** The signed-in user's outbox sender (one per user and client; made on first use, idempotent during render). */
function senderFor(userId: string, client: ApolloClient): OutboxSender {
  if (!current || current.userId !== userId || current.client !== client) {
    current?.sender.stop();
    current = { userId, client, sender: new OutboxSender(new Outbox(userId), client) };
  }
  return current.sender;
}

/** Keeps the outbox sending for as long as the signed-in layout is mounted (mount once, high up); stops at sign-out. */
export function useOutboxSender(userId: string) {
  const client = useApolloClient();
  useEffect(() => {
    const sender = senderFor(userId, client);
    return () => {
      if (current?.sender !== sender) return;
      sender.stop();
      current = null;
    };
  }, [userId, client]);
}

/** The room's unsent messages and the actions on them. */
export function useRoomOutbox(userId: string, roomId: string) {
  const client = useApolloClient();
  const sender = senderFor(userId, client);
  const subscribe = useCallback((l: () => void) => sender.outbox.subscribe(l), [sender]);
  const entries = useSyncExternalStore(subscribe, () => sender.outbox.forRoom(roomId));
  return {
    entries,
    send: (body: string) => sender.send(roomId, body),
    retry: (clientId: string) => sender.retry(clientId),
    discard: (clientId: string) => sender.outbox.remove([clientId]),
    /** Entries the room's list already shows (confirmed by their clientId): done. */
    confirmed: (clientIds: string[]) => sender.outbox.remove(clientIds),
  };
}
