import type { MessageItem_MessageFragment } from '../../gql/graphql';
import type { OutboxEntry } from './outbox';

/**
 * The room's messages as shown: each once (by id, and by sender and clientId, so a message that reached the list
 * by two paths across an outage is not doubled), in seq order.
 */
export function orderedMessages<M extends Pick<MessageItem_MessageFragment, 'id' | 'seq' | 'clientId' | 'sender'>>(list: M[], _viewerId?: string): M[] {
  const seenIds = new Set<string>();
  const seenClientIds = new Set<string>();
  const out: M[] = [];
  for (const m of list) {
    const ck = m.clientId ? `${m.sender?.id ?? ''}\u0000${m.clientId}` : null;
    if (seenIds.has(m.id) || (ck && seenClientIds.has(ck))) continue;
    seenIds.add(m.id);
    if (ck) seenClientIds.add(ck);
    out.push(m);
  }
  let sorted = true;
  for (let i = 1; i < out.length && sorted; i++) sorted = out[i - 1]!.seq < out[i]!.seq;
  return sorted && out.length === list.length ? list : out.sort((a, b) => a.seq - b.seq);
}

/** Splits the room's outbox into what still shows as unsent and what the list already holds (the viewer's clientIds). */
export function splitOutbox(entries: OutboxEntry[], messages: Pick<MessageItem_MessageFragment, 'clientId' | 'sender'>[], viewerId: string) {
  if (!entries.length) return { visible: entries, confirmed: [] as string[] };
  const mine = new Set(messages.filter((m) => m.clientId && m.sender?.id === viewerId).map((m) => m.clientId!));
  const visible: OutboxEntry[] = [];
  const confirmed: string[] = [];
  for (const e of entries) {
    if (mine.has(e.clientId)) confirmed.push(e.clientId);
    else visible.push(e);
  }
  return { visible, confirmed };
}
