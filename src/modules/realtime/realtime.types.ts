import { PerViewer, sharesReadReceipts, ShownTo, ViewerIndependent } from '../../common/viewer-scope.js';
import { Ctx, Field, ID, Int, InterfaceType, ObjectType, registerEnumType } from 'type-graphql';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { Message } from '../messages/message.entity.js';
import { MemberRole, Membership } from '../rooms/membership.entity.js';
import { Room } from '../rooms/room.entity.js';
import { User } from '../users/user.entity.js';

export enum AccessRevokedReason {
  REMOVED = 'REMOVED',
  LEFT = 'LEFT',
  BANNED = 'BANNED',
  SIGNED_OUT = 'SIGNED_OUT',
  SESSION_ENDED = 'SESSION_ENDED',
  ACCOUNT_DELETED = 'ACCOUNT_DELETED',
}

registerEnumType(AccessRevokedReason, {
  name: 'AccessRevokedReason',
  description: 'Why a live stream lost its access.',
  valuesConfig: {
    REMOVED: { description: 'An owner or admin removed the viewer from the room.' },
    LEFT: { description: 'The viewer left the room (perhaps in another tab).' },
    BANNED: { description: 'The viewer was banned: from the whole service, or (ending one room\'s streams) from that room.' },
    SIGNED_OUT: { description: 'The session signed out.' },
    SESSION_ENDED: { description: 'The session ended for another reason (password change or reset, token reuse); sign in again.' },
    ACCOUNT_DELETED: { description: "The viewer's account was deleted." },
  },
});

export enum RemovedFromRoomReason {
  REMOVED = 'REMOVED',
  LEFT = 'LEFT',
  ROOM_DELETED = 'ROOM_DELETED',
  HIDDEN = 'HIDDEN',
}

registerEnumType(RemovedFromRoomReason, {
  name: 'RemovedFromRoomReason',
  description: 'Why a room left the viewer\'s room list.',
  valuesConfig: {
    REMOVED: { description: 'An owner or admin removed the viewer.' },
    LEFT: { description: 'The viewer left the room.' },
    ROOM_DELETED: { description: 'The room was deleted.' },
    HIDDEN: { description: 'The viewer hid the direct room (hideRoom); it comes back with its next message (RoomActivity).' },
  },
});

// Through the loader: the groups executing one event share their loads (src/loaders.ts), so the message is read once.
async function loadMessage(ctx: Context, id: string): Promise<Message> {
  const message = await ctx.loaders.messageById.load(id);
  if (!message) throw new NotFoundError('Message');
  return message;
}

async function loadUser(ctx: Context, id: unknown): Promise<User | null> {
  return typeof id === 'string' ? ctx.loaders.userById.load(id) : null;
}

@InterfaceType('RoomEvent', {
  description:
    "One entry of a room's ordered event log, or a control event of the stream. Events arrive in seq order with no gap and no duplicate; resume with roomEvents(afterSeq: <last seq seen>).",
  resolveType: (value: RoomEventBase) => value.typename,
})
export abstract class RoomEventBase {
  abstract readonly typename: string;

  @ViewerIndependent()
  @Field(() => Int, { description: "The event's position in the room's log (for control events, see the type)." })
  seq!: number;

  @ViewerIndependent()
  @Field(() => ID, { description: 'The room the event belongs to.' })
  roomId!: string;

  @ViewerIndependent()
  @Field(() => Date, { description: 'When the event happened.' })
  at!: Date;
}

@ObjectType('MessageAdded', { implements: RoomEventBase, description: 'A message was sent to the room.' })
export class MessageAddedEvent extends RoomEventBase {
  readonly typename = 'MessageAdded';
  messageId!: string;

  @ViewerIndependent()
  @Field(() => Message, { description: 'The new message.' })
  message(@Ctx() ctx: Context): Promise<Message> {
    return loadMessage(ctx, this.messageId);
  }
}

@ObjectType('MessageEdited', { implements: RoomEventBase, description: 'A message was edited.' })
export class MessageEditedEvent extends RoomEventBase {
  readonly typename = 'MessageEdited';
  messageId!: string;

  @ViewerIndependent()
  @Field(() => Message, { description: 'The message as it is now.' })
  message(@Ctx() ctx: Context): Promise<Message> {
    return loadMessage(ctx, this.messageId);
  }
}

@ObjectType('MessageDeleted', { implements: RoomEventBase, description: 'A message was deleted; it keeps its place with an empty body.' })
export class MessageDeletedEvent extends RoomEventBase {
  readonly typename = 'MessageDeleted';
  deletedById?: string | null;

  @ViewerIndependent()
  @Field(() => ID, { description: 'The deleted message.' })
  messageId!: string;

  @ViewerIndependent()
  @Field(() => User, { nullable: true, description: 'Who deleted it (the sender, a room admin or a moderator), when known.' })
  deletedBy(@Ctx() ctx: Context): Promise<User | null> {
    return loadUser(ctx, this.deletedById);
  }
}

@ObjectType('ReactionChanged', { implements: RoomEventBase, description: 'Someone added or removed a reaction on a message.' })
export class ReactionChangedEvent extends RoomEventBase {
  readonly typename = 'ReactionChanged';
  messageId!: string;

  @ViewerIndependent()
  @Field(() => String, { description: 'The emoji.' })
  emoji!: string;

  @ViewerIndependent()
  @Field(() => ID, { description: 'Who reacted.' })
  userId!: string;

  @ViewerIndependent()
  @Field(() => Boolean, { description: 'True when the reaction was added, false when removed.' })
  added!: boolean;

  @ViewerIndependent()
  @Field(() => Message, { description: 'The message with its reactions as they are now.' })
  message(@Ctx() ctx: Context): Promise<Message> {
    return loadMessage(ctx, this.messageId);
  }
}

@ObjectType('MemberJoined', { implements: RoomEventBase, description: 'A user joined the room or was added to it.' })
export class MemberJoinedEvent extends RoomEventBase {
  readonly typename = 'MemberJoined';
  addedById?: string | null;

  @ViewerIndependent()
  @Field(() => ID, { description: 'The user who joined.' })
  userId!: string;

  @Field(() => Membership, { nullable: true, description: 'The membership as it is now; null when the user has left again since.' })
  member(@Ctx() ctx: Context): Promise<Membership | null> {
    return ctx.em.findOne(Membership, { room: this.roomId, user: this.userId });
  }

  @ViewerIndependent()
  @Field(() => User, { nullable: true, description: 'Who added them; null when they joined by themselves.' })
  addedBy(@Ctx() ctx: Context): Promise<User | null> {
    return loadUser(ctx, this.addedById);
  }
}

@ObjectType('MemberLeft', { implements: RoomEventBase, description: 'A member left the room or was removed from it.' })
export class MemberLeftEvent extends RoomEventBase {
  readonly typename = 'MemberLeft';
  removedById?: string | null;

  @ViewerIndependent()
  @Field(() => ID, { description: 'The user who is no longer a member.' })
  userId!: string;

  @ViewerIndependent()
  @Field(() => User, { nullable: true, description: 'Who removed them; null when they left by themselves.' })
  removedBy(@Ctx() ctx: Context): Promise<User | null> {
    return loadUser(ctx, this.removedById);
  }
}

@ObjectType('MemberRoleChanged', { implements: RoomEventBase, description: "A member's role in the room changed." })
export class MemberRoleChangedEvent extends RoomEventBase {
  readonly typename = 'MemberRoleChanged';

  @ViewerIndependent()
  @Field(() => ID, { description: 'The member whose role changed.' })
  userId!: string;

  @ViewerIndependent()
  @Field(() => MemberRole, { description: 'The new role.' })
  role!: MemberRole;

  @Field(() => Membership, { nullable: true, description: 'The membership as it is now; null when the user has left since.' })
  member(@Ctx() ctx: Context): Promise<Membership | null> {
    return ctx.em.findOne(Membership, { room: this.roomId, user: this.userId });
  }
}

@ObjectType('ReadMarkerMoved', {
  implements: RoomEventBase,
  description:
    "A member's read marker moved past others' messages (direct rooms and groups; members who share read receipts): Message.seenBy of the messages up to lastReadSeq now includes them. For a viewer who turned read receipts off, readerId, lastReadSeq and user are null.",
})
export class ReadMarkerMovedEvent extends RoomEventBase {
  readonly typename = 'ReadMarkerMoved';
  reader!: string;
  readUpTo!: number;

  // Only viewers who share read receipts see whose marker moved (@ShownTo: the others get null, by the viewer's own
  // setting as its socket knows it); the rest of the event is the same for everybody.
  @ShownTo(sharesReadReceipts)
  @Field(() => ID, { nullable: true, description: 'Whose marker moved (null for a viewer who turned read receipts off; not `userId`, which other events carry non-null).' })
  readerId(): string {
    return this.reader;
  }

  @ShownTo(sharesReadReceipts)
  @Field(() => Int, { nullable: true, description: 'Their marker now: they have read every message up to this seq (null for a viewer who turned read receipts off).' })
  lastReadSeq(): number {
    return this.readUpTo;
  }

  @ShownTo(sharesReadReceipts)
  @Field(() => User, { nullable: true, description: 'Whose marker moved (null for a viewer who turned read receipts off).' })
  user(@Ctx() ctx: Context): Promise<User | null> {
    return loadUser(ctx, this.reader);
  }
}

@ObjectType('RoomUpdated', { implements: RoomEventBase, description: "The room's settings changed (name, description, password, discoverability or how members are added): `room` is the room as it is now." })
export class RoomUpdatedEvent extends RoomEventBase {
  readonly typename = 'RoomUpdated';

  @ViewerIndependent()
  @Field(() => Room, { description: 'The room as it is now.' })
  async room(@Ctx() ctx: Context): Promise<Room> {
    const room = await ctx.loaders.roomById.load(this.roomId);
    if (!room) throw new NotFoundError('Room');
    return room;
  }
}

@ObjectType('RoomDeleted', { implements: RoomEventBase, description: 'The room was deleted. The stream completes after this event.' })
export class RoomDeletedEvent extends RoomEventBase {
  readonly typename = 'RoomDeleted';
}

@ObjectType('ResyncRequired', {
  implements: RoomEventBase,
  description:
    'More events were missed than the server replays (RESYNC_BOUND): refetch the room\'s messages, then carry on; seq is the room\'s latest seq and live events follow it.',
})
export class ResyncRequiredEvent extends RoomEventBase {
  readonly typename = 'ResyncRequired';
}

@ObjectType('AccessRevoked', {
  implements: RoomEventBase,
  description: 'The viewer lost access to the room (removed, left, banned, signed out). The stream completes after this event; seq is the event that revoked access, or the last seq delivered.',
})
export class AccessRevokedEvent extends RoomEventBase {
  readonly typename = 'AccessRevoked';

  @ViewerIndependent()
  @Field(() => AccessRevokedReason, { description: 'Why access ended.' })
  reason!: AccessRevokedReason;
}

@ObjectType('TypingEvent', { description: 'A fellow member started or stopped typing in the room.' })
export class TypingEvent {
  userId!: string;

  @Field(() => ID, { description: 'The room.' })
  roomId!: string;

  @Field(() => Boolean, { description: 'True when they started typing; false when they stopped or their start expired.' })
  isTyping!: boolean;

  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;

  @Field(() => User, { description: 'Who is typing.' })
  async user(@Ctx() ctx: Context): Promise<User> {
    const user = await ctx.loaders.userById.load(this.userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }
}

@ObjectType('PresenceEvent', { description: 'A fellow member of the room came online or went offline.' })
export class PresenceEvent {
  userId!: string;

  @Field(() => ID, { description: 'The room whose member this is.' })
  roomId!: string;

  @Field(() => Boolean, { description: 'True while the user holds at least one live connection.' })
  isOnline!: boolean;

  @Field(() => Date, { nullable: true, description: 'When the user was last seen.' })
  lastSeenAt!: Date | null;

  @Field(() => User, { description: 'The user.' })
  async user(@Ctx() ctx: Context): Promise<User> {
    const user = await ctx.loaders.userById.load(this.userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }
}

@InterfaceType('ViewerEvent', {
  description:
    "News for the viewer: their room list changed (a room added or removed, or new activity in one), or news about people (invitations, join requests, contact requests) and, for the rooms they manage, bans and invite links.",
  resolveType: (value: ViewerEventBase) => value.typename,
})
export abstract class ViewerEventBase {
  abstract readonly typename: string;

  @ViewerIndependent()
  @Field(() => ID, { nullable: true, description: 'The room concerned; null for news about people (ContactRequestChanged, ContactRemoved).' })
  roomId!: string | null;

  @ViewerIndependent()
  @Field(() => Date, { description: 'When it happened.' })
  at!: Date;
}

async function loadRoom(ctx: Context, id: string | null): Promise<Room> {
  const room = id ? await ctx.em.findOne(Room, { id }) : null;
  if (!room) throw new NotFoundError('Room');
  return room;
}

@ObjectType('AddedToRoom', { implements: ViewerEventBase, description: 'The viewer joined a room or was added to one.' })
export class AddedToRoomEvent extends ViewerEventBase {
  readonly typename = 'AddedToRoom';
  /** Always a room for room-list news. */
  declare roomId: string;

  @ViewerIndependent()
  @Field(() => Room, { description: 'The room, now in the viewer\'s list.' })
  room(@Ctx() ctx: Context): Promise<Room> {
    return loadRoom(ctx, this.roomId);
  }
}

@ObjectType('RemovedFromRoom', { implements: ViewerEventBase, description: "A room left the viewer's list: they left, were removed, hid it, or it was deleted." })
export class RemovedFromRoomEvent extends ViewerEventBase {
  readonly typename = 'RemovedFromRoom';
  /** Always a room for room-list news. */
  declare roomId: string;

  @Field(() => RemovedFromRoomReason, { description: 'Why.' })
  reason!: RemovedFromRoomReason;
}

@ObjectType('RoomActivity', { implements: ViewerEventBase, description: "Something happened in one of the viewer's rooms, or the viewer read it: its latest seq and the viewer's unread count." })
export class RoomActivityEvent extends ViewerEventBase {
  readonly typename = 'RoomActivity';
  /** Always a room for room-list news. */
  declare roomId: string;

  /** The seq of the event (or read marker) it reports: its lastSeq when the room cannot be read. */
  seq!: number;

  // Per viewer: the viewer's own snapshot (viewer-news.service.ts), which a shared execution of a batch's activity
  // lays into each subscriber's context before these resolve again for them.
  @PerViewer()
  @Field(() => Int, { description: "The room's latest seq." })
  lastSeq(@Ctx() ctx: Context): Promise<number> {
    return ctx.app.services.viewerNews.lastSeqFor(ctx, this.roomId, this.seq);
  }

  @PerViewer()
  @Field(() => Int, { description: "Messages others sent above the viewer's read marker." })
  unreadCount(@Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.unreadCount.load(this.roomId);
  }

  @ViewerIndependent()
  @Field(() => Room, { description: 'The room as it is now (for its last message and activity time).' })
  room(@Ctx() ctx: Context): Promise<Room> {
    return loadRoom(ctx, this.roomId);
  }
}
