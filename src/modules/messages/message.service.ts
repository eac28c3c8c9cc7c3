import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import { entityRow, insertStatement, mapJoinedRow, mapRow, rowValue } from '../../common/native-sql.js';
import type { Config } from '../../config.js';
import type { Context } from '../../context.js';
import type { RateLimiter } from '../../rate-limit.js';
import type { AuditService } from '../audit/audit.service.js';
import type { MentionService } from '../mentions/mention.service.js';
import type { ReachService } from '../reach/reach.service.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import type { RoomService } from '../rooms/room.service.js';
import { decodeIntCursor, encodeCursor, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE } from '../../common/connection.js';
import { assertId } from '../../common/ids.js';
import { BadInputError, ForbiddenError, NotFoundError, RateLimitedError } from '../../errors.js';
import { MemberRole, Membership } from '../rooms/membership.entity.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventPayloads } from '../rooms/room-event.payloads.js';
import { Room } from '../rooms/room.entity.js';
import { Role } from '../users/user.entity.js';
import { MAX_ATTACHMENTS, type Released, type UploadService } from '../uploads/upload.service.js';
import { Message } from './message.entity.js';
import { messageRows } from './message-rows.js';
import { ProfanityFilter } from './profanity.js';

const CLIENT_ID_RE = /^[A-Za-z0-9_\-:.]{1,64}$/;
// One or more emoji code points (with joiners, variation selectors, skin tones, keycaps, flags).
const EMOJI_RE = /^(?:\p{Extended_Pictographic}|\p{Emoji_Component}|\p{Regional_Indicator}|\u200d|\ufe0f|\u20e3)+$/u;
const MAX_EMOJI_PER_MESSAGE = 20;

export function validateBody(body: string, field = 'body'): string {
  const text = typeof body === 'string' ? body.trim() : '';
  if (!text) throw new BadInputError(field, 'A message cannot be empty.');
  if (text.length > 4000) throw new BadInputError(field, 'A message can be at most 4000 characters.');
  return text;
}

function validateAttachmentIds(ids: string[] | null | undefined): string[] {
  if (ids == null) return [];
  if (!Array.isArray(ids)) throw new BadInputError('attachmentIds', '"attachmentIds" must be a list of upload ids.');
  if (ids.length > MAX_ATTACHMENTS) throw new BadInputError('attachmentIds', `A message can carry at most ${MAX_ATTACHMENTS} attachments.`);
  const list = ids.map((id) => assertId(id, 'attachmentIds'));
  if (new Set(list).size !== list.length) throw new BadInputError('attachmentIds', 'An upload can be attached only once.');
  return list;
}

function validateEmoji(emoji: string): string {
  const e = typeof emoji === 'string' ? emoji.trim() : '';
  if (!e || e.length > 32 || !EMOJI_RE.test(e) || /^[0-9#*]+$/.test(e)) throw new BadInputError('emoji', '"emoji" must be a single emoji.');
  return e;
}

/** Messages: sending (idempotent, filtered), editing, deleting, reactions, and paged history by seq. */
export interface MessageServiceDeps {
  config: Config;
  rateLimiter: RateLimiter;
  roomEvents: RoomEventService;
  rooms: RoomService;
  audit: AuditService;
  reach: ReachService;
  uploads: UploadService;
  mentions: MentionService;
}

export class MessageService {
  private readonly filter: ProfanityFilter;
  private readonly events: RoomEventService;

  constructor(private readonly deps: MessageServiceDeps) {
    this.filter = new ProfanityFilter(deps.config.profanityFilter, deps.config.profanityExtraWords);
    this.events = deps.roomEvents;
  }

  async sendMessage(ctx: Context, input: { roomId: string; body: string; clientId?: string | null; attachmentIds?: string[] | null; replyToId?: string | null }): Promise<Message> {
    const viewer = ctx.viewer!;
    const attachmentIds = validateAttachmentIds(input.attachmentIds);
    // With attachments the text may be empty.
    const body = attachmentIds.length && (typeof input.body !== 'string' || !input.body.trim()) ? '' : validateBody(input.body);
    const replyToId = input.replyToId ? assertId(input.replyToId, 'replyToId') : null;
    const clientId = input.clientId ?? null;
    if (clientId !== null && !CLIENT_ID_RE.test(clientId)) throw new BadInputError('clientId', '"clientId" must be 1-64 letters, digits, - _ : or .');
    const roomId = assertId(input.roomId, 'roomId');
    const rooms = this.deps.rooms;
    // No lookup of clientId up front (a fresh clientId is the common case): a repeated one fails the unique key
    // (room, sender, clientId) and the first message is returned below, also when the same send races itself.
    const existing = () => ctx.em.fork().findOne(Message, { room: roomId, sender: viewer.id, clientId });
    const { sendPerMinute } = this.deps.config.rateLimits;
    try {
      // Per IP too, with room for several people behind one address.
      await this.deps.rateLimiter.hitAll([[`send:user:${viewer.id}`, sendPerMinute], [`send:ip:${ctx.ip ?? 'unknown'}`, sendPerMinute * 5]], 60);
    } catch (err) {
      // A member retrying a send that went through still gets its message, as before the limit was reached.
      if (clientId && err instanceof RateLimitedError) {
        await rooms.assertMember(ctx.em, roomId, viewer.id);
        const first = await existing();
        if (first) return first;
      }
      throw err;
    }
    if (replyToId || attachmentIds.length) {
      try {
        await this.checkReplyAndAttachments(ctx, roomId, replyToId, attachmentIds);
      } catch (err) {
        // A retried send whose uploads its first attempt attached: the first message.
        const first = clientId && err instanceof BadInputError ? await existing() : null;
        if (first) return first;
        throw err;
      }
    }
    const filtered = body ? this.filter.apply(body) : { text: '', filtered: false, matches: [] };
    const kind = this.deps.config.database.kind;
    const messageId = randomUUID();
    let mentionsAnyone = false;
    const write = (at: Date) => {
      const row = { id: messageId, room_id: roomId, sender_id: viewer.id, body: filtered.text, client_id: clientId, filtered: filtered.filtered, created_at: at, reactions: {}, reply_to_id: replyToId };
      // Membership is checked by the write itself (it does nothing for a non-member): one statement on PostgreSQL.
      const appended = this.events.appendAtomically(
        ctx.em,
        roomId,
        'MessageAdded',
        { messageId, senderId: viewer.id },
        at,
        (seq, guard) => {
          // Mentioned members, decided by the same statement (only members are mentioned).
          const mentions = this.deps.mentions.insertStatement({ messageId, roomId, senderId: viewer.id, body: filtered.text, at }, seq, guard);
          mentionsAnyone = mentions !== null;
          return [
            insertStatement(kind, 'messages', row, { seq }, guard),
            ...(mentions ? [mentions] : []),
            // The sender has read their own message.
            { sql: `update memberships set last_read_seq = ${seq} where room_id = ? and user_id = ? and last_read_seq < ${seq}`, params: [roomId, viewer.id] },
            ...(filtered.filtered
              ? [this.deps.audit.insertStatement(kind, { actorId: viewer.id, action: 'MESSAGE_FILTERED', targetType: 'MESSAGE', targetId: messageId, metadata: { roomId, matches: filtered.matches }, ip: ctx.ip }, at, guard)]
              : []),
          ];
        },
        {
          memberId: viewer.id,
          // Every upload or nothing: of two sends with the same upload, one gets it, the other writes nothing.
          claim: attachmentIds.length ? { statement: (condition) => this.deps.uploads.attachStatement(messageId, viewer.id, attachmentIds, condition), rows: attachmentIds.length } : undefined,
        },
      );
      return appended.then((done) => (done ? { ...done, row } : null));
    };
    try {
      let written = await write(new Date());
      if (!written) {
        // Not a member (NOT_FOUND for private rooms, FORBIDDEN for public ones), an upload taken by another send or
        // the sweep meanwhile (BAD_USER_INPUT), or joined just now: then once more.
        await rooms.assertMember(ctx.em, roomId, viewer.id);
        await this.deps.reach.explainSendRefused(ctx.em, roomId, viewer.id);
        await this.assertStillAttachable(ctx, attachmentIds);
        written = await write(new Date());
        if (!written) {
          await this.assertStillAttachable(ctx, attachmentIds);
          throw new NotFoundError('Room', 'roomId');
        }
      }
      const { event, room: roomRow, row } = written;
      const room = mapJoinedRow(ctx.em, roomRow, { r: Room }).r;
      ctx.loaders.roomById.prime(room.id, room);
      // The row as written, as a managed entity (what a find would return), without reading it back.
      const stored: Record<string, unknown> = { ...row, seq: event.seq, edited_at: null, deleted_at: null };
      for (const k in stored) stored[k] = rowValue(kind, stored[k]);
      const message = mapRow(ctx.em, Message, stored);
      // The rows subscribers' executions would otherwise read back (message-rows.ts), on the topic only.
      const roomColumns = Object.fromEntries(Object.entries(roomRow).flatMap(([k, v]) => (k.startsWith('r__') ? [[k.slice(3), v]] : [])));
      const rows = messageRows(stored, entityRow(ctx.em, kind, viewer), room, roomColumns, { mentions: mentionsAnyone, attachments: attachmentIds.length > 0 });
      await this.events.publish([{ ...event, rows }]);
      return message;
    } catch (err) {
      // The clientId was used before (a retry), or the same send raced itself: the unique key (or the claim of its
      // uploads) kept one; return it.
      if (clientId && (err instanceof UniqueConstraintViolationException || err instanceof BadInputError)) {
        const first = await existing();
        if (first) return first;
      }
      throw err;
    }
  }

  /** The original of a reply must be in the same room; attachments must be the sender's own unattached uploads. */
  private async checkReplyAndAttachments(ctx: Context, roomId: string, replyToId: string | null, attachmentIds: string[]): Promise<void> {
    const viewer = ctx.viewer!;
    if (replyToId) {
      const original = await ctx.em.findOne(Message, { id: replyToId, room: roomId }, { fields: ['id'] });
      if (!original) {
        // A non-member learns nothing about the room's messages: NOT_FOUND/FORBIDDEN for the room first.
        await this.deps.rooms.assertMember(ctx.em, roomId, viewer.id);
        throw new BadInputError('replyToId', 'A reply must answer a message in the same room.');
      }
    }
    if (attachmentIds.length) await this.deps.uploads.assertAttachable(ctx.em, viewer.id, attachmentIds);
  }

  /** After a send wrote nothing: BAD_USER_INPUT (attachmentIds) when one of its uploads is no longer the sender's to attach. */
  private async assertStillAttachable(ctx: Context, attachmentIds: string[]): Promise<void> {
    if (attachmentIds.length) await this.deps.uploads.assertAttachable(ctx.em.fork(), ctx.viewer!.id, attachmentIds);
  }

  /** Loads a message the viewer may see (a member of its room), or NOT_FOUND. Moderators see every message. */
  private async visibleMessage(ctx: Context, messageId: string): Promise<{ message: Message; membership: Membership | null }> {
    const viewer = ctx.viewer!;
    const id = assertId(messageId, 'messageId');
    const message = await ctx.em.findOne(Message, { id });
    if (!message) throw new NotFoundError('Message', 'messageId');
    const membership = await ctx.em.findOne(Membership, { room: message.room.id, user: viewer.id });
    const moderator = viewer.role === Role.ADMIN || viewer.role === Role.MODERATOR;
    if (!membership && !moderator) throw new NotFoundError('Message', 'messageId');
    return { message, membership };
  }

  private async changeMessage<K extends 'MessageEdited' | 'MessageDeleted' | 'ReactionChanged'>(ctx: Context, message: Message, type: K, payload: RoomEventPayloads[K], apply: (tx: EntityManager, m: Message) => Promise<void>): Promise<Message> {
    let events: RoomEvent[] = [];
    const updated = await ctx.em.fork().transactional(async (tx) => {
      // The event first: its seq update locks the room, so the read-modify-write below cannot lose a concurrent change.
      events = [await this.events.append(tx, message.room.id, type, payload)];
      const m = await tx.findOneOrFail(Message, { id: message.id }, { refresh: true });
      await apply(tx, m);
      return m;
    });
    await this.events.publish(events);
    return updated;
  }

  async editMessage(ctx: Context, messageId: string, rawBody: string): Promise<Message> {
    const viewer = ctx.viewer!;
    const { message, membership } = await this.visibleMessage(ctx, messageId);
    if (!membership || message.sender?.id !== viewer.id) throw new ForbiddenError('Only the sender may edit a message.');
    if (message.deletedAt) throw new BadInputError('messageId', 'A deleted message cannot be edited.');
    const body = validateBody(rawBody);
    await this.deps.rateLimiter.hit(`edit:user:${viewer.id}`, this.deps.config.rateLimits.editsPerMinute, 60);
    const filtered = this.filter.apply(body);
    if (filtered.text === message.body) return message;
    return this.changeMessage(ctx, message, 'MessageEdited', { messageId: message.id }, async (tx, m) => {
      m.body = filtered.text;
      m.editedAt = new Date();
      m.filtered = m.filtered || filtered.filtered;
      await tx.flush();
      await this.deps.mentions.rewrite(tx, m);
      if (filtered.filtered) {
        this.deps.audit.record(tx, { actorId: viewer.id, action: 'MESSAGE_FILTERED', targetType: 'MESSAGE', targetId: m.id, metadata: { roomId: m.room.id, matches: filtered.matches, edit: true }, ip: ctx.ip });
      }
    });
  }

  /** Soft delete: the message keeps its seq and metadata, its body is no longer returned. */
  async deleteMessage(ctx: Context, messageId: string): Promise<Message> {
    const viewer = ctx.viewer!;
    const { message, membership } = await this.visibleMessage(ctx, messageId);
    const isSender = !!membership && message.sender?.id === viewer.id;
    const roomModerator = !!membership && (membership.role === MemberRole.OWNER || membership.role === MemberRole.ADMIN);
    const globalModerator = viewer.role === Role.ADMIN || viewer.role === Role.MODERATOR;
    if (!isSender && !roomModerator && !globalModerator) throw new ForbiddenError('Only the sender, a room owner or admin, or a moderator may delete this message.');
    if (message.deletedAt) return message;
    let files: Released[] = [];
    const deleted = await this.changeMessage(ctx, message, 'MessageDeleted', { messageId: message.id, deletedById: viewer.id }, async (tx, m) => {
      m.deletedAt = new Date();
      files = await this.deps.uploads.release(tx, { messageId: m.id });
      if (!isSender) {
        this.deps.audit.record(tx, {
          actorId: viewer.id,
          action: 'MESSAGE_DELETED_BY_MODERATOR',
          targetType: 'MESSAGE',
          targetId: m.id,
          metadata: { roomId: m.room.id, senderId: m.sender?.id ?? null, as: globalModerator && !roomModerator ? viewer.role : membership?.role },
          ip: ctx.ip,
        });
      }
    });
    // Once the delete committed: a failed storage delete is logged and left to the sweep, the message stays deleted.
    await this.deps.uploads.purge(files);
    return deleted;
  }

  async react(ctx: Context, messageId: string, rawEmoji: string, add: boolean): Promise<Message> {
    const viewer = ctx.viewer!;
    const emoji = validateEmoji(rawEmoji);
    await this.deps.rateLimiter.hit(`react:user:${viewer.id}`, this.deps.config.rateLimits.reactionsPerMinute, 60);
    const { message, membership } = await this.visibleMessage(ctx, messageId);
    if (!membership) throw new ForbiddenError('Only room members may react.');
    if (message.deletedAt) throw new BadInputError('messageId', 'A deleted message cannot take reactions.');
    const has = (message.reactions[emoji] ?? []).includes(viewer.id);
    if (has === add) return message;
    if (add && !message.reactions[emoji] && Object.keys(message.reactions).length >= MAX_EMOJI_PER_MESSAGE) {
      throw new BadInputError('emoji', `A message can carry at most ${MAX_EMOJI_PER_MESSAGE} different reactions.`);
    }
    // Read-modify-write under the room's seq lock, so concurrent reactions never lose each other.
    return this.changeMessage(ctx, message, 'ReactionChanged', { messageId: message.id, emoji, userId: viewer.id, added: add }, async (_tx, m) => {
      const users = new Set(m.reactions[emoji] ?? []);
      if (add) users.add(viewer.id);
      else users.delete(viewer.id);
      const next = { ...m.reactions };
      if (users.size) next[emoji] = [...users];
      else delete next[emoji];
      m.reactions = next;
    });
  }

  /**
   * A Relay page of a room's messages by seq, keyset on the (room_id, seq) unique index: `last`/`before`
   * pages backwards from the newest (the chat view), `first`/`after` forwards. Without first or last it
   * returns the newest 20, or 20 after `after`.
   */
  async page(em: EntityManager, roomId: string, args: { first?: number | null; after?: string | null; last?: number | null; before?: string | null }) {
    const { first, last, after, before } = args;
    if (first != null && last != null) throw new BadInputError('last', 'Give first or last, not both.');
    for (const [name, v] of [['first', first], ['last', last]] as const) {
      if (v != null && (!Number.isInteger(v) || v < 0 || v > MAX_PAGE_SIZE)) throw new BadInputError(name, `"${name}" must be between 0 and ${MAX_PAGE_SIZE}.`);
    }
    const afterSeq = after ? decodeIntCursor(after, 'after') : null;
    const beforeSeq = before ? decodeIntCursor(before, 'before') : null;
    const seqCond: Record<string, number> = {};
    if (afterSeq !== null) seqCond.$gt = afterSeq;
    if (beforeSeq !== null) seqCond.$lt = beforeSeq;
    const where = { room: roomId, ...(Object.keys(seqCond).length ? { seq: seqCond } : {}) };
    const backwards = last != null || (first == null && after == null);
    const limit = backwards ? (last ?? DEFAULT_PAGE_SIZE) : (first ?? DEFAULT_PAGE_SIZE);
    const rows = await em.find(Message, where, { orderBy: { seq: backwards ? 'desc' : 'asc' }, limit: limit + 1 });
    const more = rows.length > limit;
    const nodes = rows.slice(0, limit);
    if (backwards) nodes.reverse();
    return {
      edges: nodes.map((m) => ({ cursor: encodeCursor([m.seq]), node: m })),
      hasPreviousPage: backwards ? more : afterSeq !== null,
      hasNextPage: backwards ? beforeSeq !== null : more,
      totalCount: () => em.fork().count(Message, { room: roomId }),
    };
  }
}
