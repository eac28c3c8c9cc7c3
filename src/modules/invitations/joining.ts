import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { AuditService, AuditEntry } from '../audit/audit.service.js';
import { MemberRole, Membership } from '../rooms/membership.entity.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import { Invitation, InvitationStatus, JoinRequest } from './invitation.entity.js';

/**
 * Makes `userId` a member inside the caller's transaction (which holds the room's lock and checked bans): the
 * membership, its MemberJoined event and an audit entry. Null when they already are a member (nothing written).
 * Their other pending invitation or join request for the room lapses: they are in.
 */
export async function joinInTransaction(
  tx: EntityManager,
  deps: { events: RoomEventService; audit: AuditService },
  join: { roomId: string; userId: string; addedById: string | null; audit: Omit<AuditEntry, 'targetType' | 'targetId'> },
): Promise<RoomEvent | null> {
  if (await tx.findOne(Membership, { room: join.roomId, user: join.userId })) return null;
  tx.create(Membership, { room: join.roomId, user: join.userId, role: MemberRole.MEMBER });
  try {
    await tx.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return null;
    throw err;
  }
  const now = new Date();
  await tx.nativeUpdate(Invitation, { room: join.roomId, invitee: join.userId, status: InvitationStatus.PENDING }, { status: InvitationStatus.CANCELLED, respondedAt: now });
  await tx.nativeUpdate(JoinRequest, { room: join.roomId, user: join.userId, status: InvitationStatus.PENDING }, { status: InvitationStatus.CANCELLED, decidedAt: now });
  const event = await deps.events.append(tx, join.roomId, 'MemberJoined', { userId: join.userId, addedById: join.addedById });
  deps.audit.record(tx, { ...join.audit, targetType: 'ROOM', targetId: join.roomId });
  return event;
}
