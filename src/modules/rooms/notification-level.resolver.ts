import { PerViewer } from '../../common/viewer-scope.js';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../../auth-checker.js';
import type { Context } from '../../context.js';
import { BadInputError } from '../../errors.js';
import { Membership } from './membership.entity.js';
import { defaultNotificationLevel, NotificationLevel } from './notification-level.js';
import { Room } from './room.entity.js';

@Resolver(() => Room)
export class NotificationLevelResolver {
  @Authorized()
  @Mutation(() => Room, { description: "Sets what the viewer is notified of in a room (their own membership only). Members only: NOT_FOUND for private rooms, FORBIDDEN for public ones." })
  async setNotificationLevel(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('level', () => NotificationLevel, { description: 'ALL, MENTIONS or NONE.' }) level: NotificationLevel,
    @Ctx() ctx: Context,
  ): Promise<Room> {
    const viewer = requireViewer(ctx);
    if (!Object.values(NotificationLevel).includes(level)) throw new BadInputError('level', '"level" must be ALL, MENTIONS or NONE.');
    const { room, membership } = await ctx.app.services.rooms.assertMember(ctx.em, roomId, viewer.id);
    await ctx.em.nativeUpdate(Membership, { id: membership.id }, { notificationLevel: level });
    ctx.loaders.myMembership.clear(room.id);
    return room;
  }

  @PerViewer()
  @FieldResolver(() => NotificationLevel, { nullable: true, description: "What the viewer is notified of here: their choice, or ALL for direct rooms and groups and MENTIONS for public rooms; null when not a member." })
  async notificationLevel(@Root() room: Room, @Ctx() ctx: Context): Promise<NotificationLevel | null> {
    const membership = await ctx.loaders.myMembership.load(room.id);
    if (!membership) return null;
    return membership.notificationLevel ?? defaultNotificationLevel(room.kind);
  }
}
