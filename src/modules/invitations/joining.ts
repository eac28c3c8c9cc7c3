import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import type { AuditService, AuditEntry } from '../audit/audit.service.js';
import type { Lapsed } from '../reach/people-news.js';
import { MemberRole, Membership } from '../rooms/membership.entity.js';
import type { RoomEvent } from '../rooms/room-event.entity.js';
import type { RoomEventService } from '../rooms/room-events.service.js';
import { Invitation, InvitationStatus, JoinRequest } from './invitation.entity.js';

/**
 * Cancels the users' pending invitations and join requests for the room (they joined, or were banned), inside the
 * caller's transaction. Returns which lapsed, for PeopleNewsService.lapsed once the transaction committed.
 */
export async function lapsePending(tx: EntityManager, roomId: string, userIds: string[]): Promise<Lapsed> {
  const now = new Date();
  const invitations = await tx.find(Invitation, { room: roomId, invitee: { $in: userIds }, status: InvitationStatus.PENDING }, { fields: ['id', 'invitee'] });
  const requests = await tx.find(JoinRequest, { room: roomId, user: { $in: userIds }, status: InvitationStatus.PENDING }, { fields: ['id', 'user'] });
  if (invitations.length) await tx.nativeUpdate(Invitation, { id: { $in: invitations.map((i) => i.id) }, status: InvitationStatus.PENDING }, { status: InvitationStatus.CANCELLED, respondedAt: now });
  if (requests.length) await tx.nativeUpdate(JoinRequest, { id: { $in: requests.map((r) => r.id) }, status: InvitationStatus.PENDING }, { status: InvitationStatus.CANCELLED, decidedAt: now });
  return { roomId, invitations: invitations.map((i) => ({ id: i.id, inviteeId: i.invitee.id })), requests: requests.map((r) => ({ id: r.id, userId: r.user.id })) };
}

/**
 * Makes `userId` a member inside the caller's transaction (which holds the room's lock and checked bans): the
 * membership, its MemberJoined event and an audit entry. Null when they already are a member (nothing written).
 * Their other pending invitation or join request for the room lapses (they are in): `lapsed` says which.
 */
export async function joinInTransaction(
  tx: EntityManager,
  deps: { events: RoomEventService; audit: AuditService },
  join: { roomId: string; userId: string; addedById: string | null; audit: Omit<AuditEntry, 'targetType' | 'targetId'> },
): Promise<{ event: RoomEvent; lapsed: Lapsed } | null> {
  if (await tx.findOne(Membership, { room: join.roomId, user: join.userId })) return null;
  tx.create(Membership, { room: join.roomId, user: join.userId, role: MemberRole.MEMBER });
  try {
    await tx.flush();
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return null;
    throw err;
  }
  const lapsed = await lapsePending(tx, join.roomId, [join.userId]);
  const event = await deps.events.append(tx, join.roomId, 'MemberJoined', { userId: join.userId, addedById: join.addedById });
  deps.audit.record(tx, { ...join.audit, targetType: 'ROOM', targetId: join.roomId });
  return { event, lapsed };
}
