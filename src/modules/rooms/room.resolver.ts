import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { requireViewer } from '../../auth-checker.js';
import { PerViewer, ViewerIndependent } from '../../common/viewer-scope.js';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { ForbiddenError } from '../../errors.js';
import { Message } from '../messages/message.entity.js';
import { MessageConnection } from '../messages/message.types.js';
import { User } from '../users/user.entity.js';
import { MemberRole, Membership } from './membership.entity.js';
import { Room, RoomKind } from './room.entity.js';
import { CreateGroupRoomInput, CreatePublicRoomInput, MemberConnection, RoomConnection, UpdateRoomInput } from './room.types.js';

async function requireMembership(ctx: Context, room: Room, what: string): Promise<Membership> {
  const viewer = requireViewer(ctx);
  const membership = await ctx.loaders.myMembership.load(room.id);
  if (!membership || membership.user.id !== viewer.id) throw new ForbiddenError(`Join this room to see its ${what}.`);
  return membership;
}

@Resolver(() => Room)
export class RoomResolver {
  @Authorized()
  @Query(() => RoomConnection, { description: "The viewer's rooms, most recent activity first. Signed-in users only." })
  async rooms(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor).' }) after?: string,
  ) {
    return toConnection(RoomConnection, await ctx.app.services.rooms.listRooms(ctx.em, requireViewer(ctx).id, first, after));
  }

  @Authorized()
  @Query(() => RoomConnection, { description: 'Public rooms anyone signed in may join (see Room.hasPassword), and discoverable groups people may ask to join (Room.joinState REQUEST), most recent activity first. Signed-in users only.' })
  async publicRooms(
    @Ctx() ctx: Context,
    @Arg('search', () => String, { nullable: true, description: 'Part of the room name (case-insensitive).' }) search?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after (pageInfo.endCursor).' }) after?: string,
  ) {
    return toConnection(RoomConnection, await ctx.app.services.rooms.publicRooms(ctx.em, search, first, after));
  }

  @Authorized()
  @Query(() => Room, { description: 'A room the viewer belongs to, or any public room. Signed-in users only; NOT_FOUND for private rooms the viewer is not in.' })
  async room(@Arg('id', () => ID, { description: 'The room id.' }) id: string, @Ctx() ctx: Context): Promise<Room> {
    const { room } = await ctx.app.services.rooms.access(ctx.em, id, requireViewer(ctx).id, { field: 'id' });
    return room;
  }

  @Authorized()
  @Mutation(() => Room, { description: 'Opens the one-to-one room between the viewer and another user, or returns the existing one (never a duplicate; a hidden one comes back to the list). Signed-in users only; BAD_USER_INPUT for yourself, NOT_FOUND for an unknown user, FORBIDDEN when either blocked the other or the other takes messages from contacts only.' })
  createDirectRoom(@Arg('userId', () => ID, { description: 'The other person.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.roomCreation.createDirectRoom(ctx, userId);
  }

  @Authorized()
  @Mutation(() => Room, { description: 'Creates a private group; the viewer becomes its OWNER and the listed users MEMBERs. Signed-in users only.' })
  createGroupRoom(@Arg('input', () => CreateGroupRoomInput, { description: 'Name, members and description.' }) input: CreateGroupRoomInput, @Ctx() ctx: Context) {
    return ctx.app.services.roomCreation.createGroupRoom(ctx, input);
  }

  @Authorized()
  @Mutation(() => Room, { description: 'Creates a public room anyone may join; the viewer becomes its OWNER. Signed-in users only.' })
  createPublicRoom(@Arg('input', () => CreatePublicRoomInput, { description: 'Name and description.' }) input: CreatePublicRoomInput, @Ctx() ctx: Context) {
    return ctx.app.services.roomCreation.createPublicRoom(ctx, input);
  }

  @Authorized()
  @Mutation(() => Room, {
    description:
      'Joins a PUBLIC room as a MEMBER (returns the room if already a member). Private rooms are NOT_FOUND; discoverable groups FORBIDDEN (use requestToJoin); FORBIDDEN when banned from the room. A protected room (hasPassword) needs its password: BAD_USER_INPUT (field password) when missing or wrong, RATE_LIMITED after too many attempts.',
  })
  joinRoom(
    @Arg('roomId', () => ID, { description: 'The public room.' }) roomId: string,
    @Arg('password', () => String, { nullable: true, description: "The room's password, when it has one." }) password: string | null | undefined,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.memberships.joinRoom(ctx, roomId, password);
  }

  @Authorized()
  @Mutation(() => Room, {
    description:
      'Adds users to a group or public room as MEMBERs. Room OWNER or ADMIN only; not for direct rooms; FORBIDDEN when the room invites instead (addPolicy INVITE) or when someone named does not allow it; BAD_USER_INPUT when someone named is banned from the room.',
  })
  addMembers(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('userIds', () => [ID], { description: 'Users to add (up to 100; existing members are skipped).' }) userIds: string[],
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.memberships.addMembers(ctx, roomId, userIds);
  }

  @Authorized()
  @Mutation(() => Room, { description: 'Removes a member; their live streams for the room end at once. OWNER may remove anyone; ADMIN may remove MEMBERs.' })
  removeMember(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('userId', () => ID, { description: 'The member to remove.' }) userId: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.memberships.removeMember(ctx, roomId, userId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Leaves a group or public room. The last owner hands ownership on to the longest-standing admin or member; the last member leaving deletes the room.' })
  leaveRoom(@Arg('roomId', () => ID, { description: 'The room.' }) roomId: string, @Ctx() ctx: Context) {
    return ctx.app.services.memberships.leaveRoom(ctx, roomId);
  }

  @Authorized()
  @Mutation(() => Room, { description: "Changes a group or public room's name, description, password, discoverability or add policy. Room OWNER or ADMIN only." })
  updateRoom(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('input', () => UpdateRoomInput, { description: 'The changes.' }) input: UpdateRoomInput,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.roomUpdates.updateRoom(ctx, roomId, input);
  }

  @Authorized()
  @Mutation(() => Room, { description: "Sets a member's role. Room OWNER only; the last owner cannot step down without naming another." })
  setMemberRole(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('userId', () => ID, { description: 'The member.' }) userId: string,
    @Arg('role', () => MemberRole, { description: 'The new role.' }) role: MemberRole,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.memberships.setMemberRole(ctx, roomId, userId, role);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Deletes a group or public room with its messages; every live stream on it ends after RoomDeleted. Room OWNER, or a global ADMIN.' })
  deleteRoom(@Arg('roomId', () => ID, { description: 'The room.' }) roomId: string, @Ctx() ctx: Context) {
    return ctx.app.services.roomDeletion.deleteRoom(ctx, roomId);
  }

  @Authorized()
  @Mutation(() => Room, { description: "Marks the room read up to seq (moves forward only, never past the room's lastSeq). Members only." })
  markRead(
    @Arg('roomId', () => ID, { description: 'The room.' }) roomId: string,
    @Arg('seq', () => Int, { description: 'The highest seq the viewer has seen.' }) seq: number,
    @Ctx() ctx: Context,
  ) {
    return ctx.app.services.rooms.markRead(ctx, roomId, seq);
  }

  @FieldResolver(() => User, { nullable: true, description: 'Who created the room (null if that account was deleted).' })
  createdBy(@Root() room: Room, @Ctx() ctx: Context) {
    return room.createdBy ? ctx.loaders.userById.load(room.createdBy.id) : null;
  }

  @ViewerIndependent()
  @FieldResolver(() => Int, { description: 'How many members the room has.' })
  memberCount(@Root() room: Room, @Ctx() ctx: Context) {
    return ctx.loaders.memberCount.load(room.id);
  }

  // Members only: the same page for every member.
  @ViewerIndependent()
  @FieldResolver(() => MemberConnection, { description: 'Members in join order. Members of the room only (FORBIDDEN otherwise).' })
  async members(
    @Root() room: Room,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, at most 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor to continue after.' }) after?: string,
  ) {
    await requireMembership(ctx, room, 'members');
    return toConnection(MemberConnection, await ctx.app.services.rooms.membersPage(ctx, room, first, after));
  }

  // Members only: the same message for every member.
  @ViewerIndependent()
  @FieldResolver(() => Message, { nullable: true, description: 'The newest message, for previews; null when there is none or the viewer is not a member.' })
  async lastMessage(@Root() room: Room, @Ctx() ctx: Context) {
    if (!(await ctx.loaders.myMembership.load(room.id))) return null;
    return ctx.loaders.lastMessage.load(room.id);
  }

  @PerViewer()
  @FieldResolver(() => Int, { description: 'Messages others sent after the viewer\'s lastReadSeq (0 for non-members).' })
  async unreadCount(@Root() room: Room, @Ctx() ctx: Context) {
    if (!(await ctx.loaders.myMembership.load(room.id))) return 0;
    return ctx.loaders.unreadCount.load(room.id);
  }

  @PerViewer()
  @FieldResolver(() => Int, { nullable: true, description: "The highest seq the viewer has marked read (see markRead); null when not a member. Use it to place a 'new messages' line." })
  async myLastReadSeq(@Root() room: Room, @Ctx() ctx: Context) {
    return (await ctx.loaders.myMembership.load(room.id))?.lastReadSeq ?? null;
  }

  @FieldResolver(() => User, {
    nullable: true,
    description: 'For a DIRECT room: the other person, to show as its name. Null for groups and public rooms, for non-members, and once the other person deleted their account.',
  })
  async directPeer(@Root() room: Room, @Ctx() ctx: Context) {
    if (room.kind !== RoomKind.DIRECT || !(await ctx.loaders.myMembership.load(room.id))) return null;
    const peerId = await ctx.loaders.directPeerId.load(room.id);
    return peerId ? ctx.loaders.userById.load(peerId) : null;
  }

  @PerViewer()
  @FieldResolver(() => MemberRole, { nullable: true, description: "The viewer's role in the room; null when not a member." })
  async myRole(@Root() room: Room, @Ctx() ctx: Context) {
    return (await ctx.loaders.myMembership.load(room.id))?.role ?? null;
  }

  @FieldResolver(() => MessageConnection, {
    description: 'Messages ordered by seq. For the chat view ask for `last: N`, then `before: pageInfo.startCursor` to scroll back. Members only (FORBIDDEN otherwise).',
  })
  async messages(
    @Root() room: Room,
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: 'Oldest-first page size (at most 100).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Return messages after this cursor.' }) after?: string,
    @Arg('last', () => Int, { nullable: true, description: 'Newest-first page size (at most 100); the page is still in seq order.' }) last?: number,
    @Arg('before', () => String, { nullable: true, description: 'Return messages before this cursor.' }) before?: string,
  ) {
    await requireMembership(ctx, room, 'messages');
    return toConnection(MessageConnection, await ctx.app.services.messages.page(ctx.em, room.id, { first, after, last, before }));
  }
}

@Resolver(() => Membership)
export class MemberResolver {
  @ViewerIndependent()
  @FieldResolver(() => User, { description: 'The member.' })
  async user(@Root() m: Membership, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(m.user.id);
  }
}
