import type { EntityManager } from '@mikro-orm/core';
import { execute } from '../../common/native-sql.js';
import type { Context } from '../../context.js';
import { BadInputError } from '../../errors.js';
import type { AuditService } from '../audit/audit.service.js';
import type { PeopleNewsService } from '../reach/people-news.js';
import { Membership } from '../rooms/membership.entity.js';
import { RoomKind } from '../rooms/room.entity.js';
import type { RoomService } from '../rooms/room.service.js';

/** Hidden direct rooms: off the viewer's list until a new message arrives (or they open it again). */
export class HiddenRoomService {
  constructor(
    private readonly rooms: RoomService,
    private readonly audit: AuditService,
    private readonly news: PeopleNewsService,
  ) {}

  async hide(ctx: Context, roomId: string): Promise<boolean> {
    const viewer = ctx.viewer!;
    const { room, membership } = await this.rooms.assertMember(ctx.em, roomId, viewer.id);
    if (room.kind !== RoomKind.DIRECT) throw new BadInputError('roomId', 'Only direct rooms can be hidden; leave a group instead.');
    const em = ctx.em.fork();
    await em.nativeUpdate(Membership, { id: membership.id }, { hiddenAtSeq: room.lastSeq });
    this.audit.record(em, { actorId: viewer.id, action: 'ROOM_HIDDEN', targetType: 'ROOM', targetId: room.id, ip: ctx.ip });
    await em.flush();
    // The viewer's other tabs and devices drop it from their lists too.
    await this.news.publish([viewer.id], { type: 'RoomHidden', roomId: room.id, at: new Date().toISOString() });
    return true;
  }
}

/** The viewer's rooms still hidden: hidden, and no message since. */
export async function hiddenRoomIds(em: EntityManager, viewerId: string): Promise<string[]> {
  const rows = await execute<Array<{ room_id: string }>>(em, {
    sql: 'select m.room_id from memberships m where m.user_id = ? and m.hidden_at_seq is not null and not exists (select 1 from messages g where g.room_id = m.room_id and g.seq > m.hidden_at_seq)',
    params: [viewerId],
  });
  return rows.map((r) => r.room_id);
}
