import type { EntityManager } from '@mikro-orm/core';
import { Message } from '../messages/message.entity.js';
import { Membership } from '../rooms/membership.entity.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import { RoomKind, type Room } from '../rooms/room.entity.js';
import type { User } from '../users/user.entity.js';

/**
 * Moves a member's read marker forward to `target`. In direct rooms and groups, when the member shares read receipts
 * and the marker passed at least one message someone else sent, the move is a `ReadMarkerMoved` room event in the same
 * transaction (so Message.seenBy updates live and resumes like every change). A marker moved only past the room's
 * own non-message events (another member's ReadMarkerMoved, say) logs nothing: two readers never ping-pong events.
 * Returns the events to publish once committed.
 */
export async function moveReadMarker(em: EntityManager, roomEvents: RoomEventService, room: Room, membership: Membership, viewer: User, target: number): Promise<RoomEvent[]> {
  const from = membership.lastReadSeq;
  const receipts = room.kind !== RoomKind.PUBLIC && viewer.shareReadReceipts !== false;
  if (!receipts) {
    await em.nativeUpdate(Membership, { id: membership.id, lastReadSeq: { $lt: target } }, { lastReadSeq: target });
    return [];
  }
  return em.fork().transactional(async (tx) => {
    // The room before the membership (RoomEventService.lockRoom): a send in the room takes them in that order.
    await roomEvents.lockRoom(tx, room.id);
    const moved = await tx.nativeUpdate(Membership, { id: membership.id, lastReadSeq: { $lt: target } }, { lastReadSeq: target });
    if (!moved) return [];
    const passed = await tx.count(Message, { room: room.id, seq: { $gt: from, $lte: target }, deletedAt: null, $or: [{ sender: null }, { sender: { $ne: viewer.id } }] });
    if (!passed) return [];
    return [await roomEvents.append(tx, room.id, 'ReadMarkerMoved', { userId: viewer.id, lastReadSeq: target }, { activity: false })];
  });
}
