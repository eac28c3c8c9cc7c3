import type { Context } from '../../context.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RoomPasswordService } from '../room-access/room-password.service.js';
import { optionalText, requiredText, validateAll } from '../../common/validation.js';
import { BadInputError } from '../../errors.js';
import type { RoomEventService } from './room-events.service.js';
import type { RoomService } from './room.service.js';
import { MemberRole } from './membership.entity.js';
import { AddPolicy, Room, RoomKind } from './room.entity.js';
import { assertManageable, assertRole, changeRoom } from './room-rules.js';

export interface RoomUpdateServiceDeps {
  rooms: RoomService;
  roomEvents: RoomEventService;
  audit: AuditService;
  roomPasswords: RoomPasswordService;
}

/** A room's settings: name, description, password, discoverability and how people are added, changed by its owners and admins. */
export class RoomUpdateService {
  private readonly events: RoomEventService;
  private readonly audit: AuditService;

  constructor(private readonly deps: RoomUpdateServiceDeps) {
    this.events = deps.roomEvents;
    this.audit = deps.audit;
  }

  async updateRoom(
    ctx: Context,
    roomId: string,
    input: { name?: string | null; description?: string | null; password?: string | null; discoverable?: boolean | null; addPolicy?: AddPolicy | null },
  ): Promise<Room> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.deps.rooms.access(ctx.em, roomId, viewer.id, { requireMember: true });
    assertManageable(room);
    assertRole(membership, [MemberRole.OWNER, MemberRole.ADMIN], 'update the room');
    const changes: Partial<Room> = {};
    const valid = validateAll({
      name: () => (input.name !== undefined && input.name !== null ? requiredText(input.name, 'name', 1, 80) : undefined),
      description: () => (input.description !== undefined ? optionalText(input.description, 'description', 500) : undefined),
      discoverable: () => {
        if (input.discoverable != null && room.kind !== RoomKind.GROUP) throw new BadInputError('discoverable', 'Only groups can be discoverable (public rooms are listed anyway).');
      },
    });
    if (valid.name !== undefined) changes.name = valid.name;
    if (valid.description !== undefined) changes.description = valid.description;
    if (input.discoverable != null) changes.discoverable = input.discoverable;
    if (input.addPolicy != null) changes.addPolicy = input.addPolicy;
    // A new password (or '' to remove it) keeps every current member: it only guards joining.
    if (input.password != null) {
      if (room.kind !== RoomKind.PUBLIC) throw new BadInputError('password', 'Only public rooms can have a password.');
      changes.passwordHash = await this.deps.roomPasswords.hash(input.password);
    }
    if (!Object.keys(changes).length) return room;
    return changeRoom(ctx, this.events, async (tx, events) => {
      await tx.nativeUpdate(Room, { id: room.id }, changes);
      const changed = Object.keys(changes).map((k) => (k === 'passwordHash' ? 'password' : k));
      events.push(await this.events.append(tx, room.id, 'RoomUpdated', { changed }));
      this.audit.record(tx, { actorId: viewer.id, action: 'ROOM_UPDATED', targetType: 'ROOM', targetId: room.id, metadata: { changed }, ip: ctx.ip });
      return tx.findOneOrFail(Room, { id: room.id }, { refresh: true });
    });
  }
}
