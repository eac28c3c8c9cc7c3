import type { RoomEventMessage, RoomEventPayloads, RoomEventType } from '../rooms/room-event.payloads.js';
import {
  AccessRevokedEvent,
  MemberJoinedEvent,
  MemberLeftEvent,
  MemberRoleChangedEvent,
  MessageAddedEvent,
  MessageDeletedEvent,
  MessageEditedEvent,
  ReadMarkerMovedEvent,
  ReactionChangedEvent,
  ResyncRequiredEvent,
  RoomDeletedEvent,
  RoomUpdatedEvent,
  type RoomEventBase,
} from './realtime.types.js';
import type { RoomStreamItem } from './room-event-stream.js';

/**
 * Each stored event type's GraphQL event, built from its payload. The type makes this table list every entry of
 * `RoomEventPayloads`: a new event type does not compile until it has its line here.
 */
const MAPPERS: { [K in RoomEventType]: (p: RoomEventPayloads[K]) => RoomEventBase } = {
  MessageAdded: (p) => Object.assign(new MessageAddedEvent(), { messageId: p.messageId }),
  MessageEdited: (p) => Object.assign(new MessageEditedEvent(), { messageId: p.messageId }),
  MessageDeleted: (p) => Object.assign(new MessageDeletedEvent(), { messageId: p.messageId, deletedById: p.deletedById ?? null }),
  ReactionChanged: (p) => Object.assign(new ReactionChangedEvent(), { messageId: p.messageId, emoji: p.emoji, userId: p.userId, added: !!p.added }),
  MemberJoined: (p) => Object.assign(new MemberJoinedEvent(), { userId: p.userId, addedById: p.addedById ?? null }),
  MemberLeft: (p) => Object.assign(new MemberLeftEvent(), { userId: p.userId, removedById: p.removedById ?? null }),
  MemberRoleChanged: (p) => Object.assign(new MemberRoleChangedEvent(), { userId: p.userId, role: p.role }),
  RoomUpdated: () => new RoomUpdatedEvent(),
  ReadMarkerMoved: (p) => Object.assign(new ReadMarkerMovedEvent(), { reader: p.userId, readUpTo: p.lastReadSeq }),
  RoomDeleted: () => new RoomDeletedEvent(),
};

function mapStored(m: RoomEventMessage): RoomEventBase {
  const map = MAPPERS[m.type] as ((p: unknown) => RoomEventBase) | undefined;
  // An event type this server does not know yet (a newer instance wrote it): say so rather than guess.
  if (!map) throw new Error(`unknown room event type ${String(m.type)}`);
  return Object.assign(map(m.payload ?? {}), { roomId: m.roomId, seq: m.seq, at: new Date(m.at) });
}

/** A roomEvents stream item as its GraphQL event (a stored event, or a control event of the stream). */
export function toRoomEvent(item: RoomStreamItem): RoomEventBase {
  if (item.kind === 'resync') return Object.assign(new ResyncRequiredEvent(), { roomId: item.roomId, seq: item.seq, at: new Date() });
  if (item.kind === 'revoked') return Object.assign(new AccessRevokedEvent(), { roomId: item.roomId, seq: item.seq, at: new Date(), reason: item.reason });
  return mapStored(item.event);
}
