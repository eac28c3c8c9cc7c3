import { Ctx, Field, ID, ObjectType } from 'type-graphql';
import type { Context } from '../../context.js';
import { NotFoundError } from '../../errors.js';
import { ContactRequest } from '../contacts/contact.entity.js';
import { Invitation, JoinRequest } from '../invitations/invitation.entity.js';
import { InviteLink, InviteLinkChange } from '../invitations/invite-link.entity.js';
import { RoomBan } from '../room-bans/room-ban.entity.js';
import { ViewerEventBase } from '../realtime/realtime.types.js';
import { User } from '../users/user.entity.js';
import type { PeopleNews } from './people-news.js';

async function load<T extends object>(ctx: Context, entity: new () => T, id: string, what: string): Promise<T> {
  const row = await ctx.em.findOne(entity, { id } as never);
  if (!row) throw new NotFoundError(what);
  return row as T;
}

@ObjectType('InvitationChanged', {
  implements: ViewerEventBase,
  description: "A personal invitation was sent, renewed, accepted, declined or cancelled: to the invitee, and to the room's OWNER and ADMINs.",
})
export class InvitationChangedEvent extends ViewerEventBase {
  readonly typename = 'InvitationChanged';
  invitationId!: string;

  @Field(() => Invitation, { description: 'The invitation as it is now.' })
  invitation(@Ctx() ctx: Context): Promise<Invitation> {
    return load(ctx, Invitation, this.invitationId, 'Invitation');
  }
}

@ObjectType('JoinRequestChanged', { implements: ViewerEventBase, description: "A join request was made, approved or rejected: to the requester, and to the room's OWNER and ADMINs." })
export class JoinRequestChangedEvent extends ViewerEventBase {
  readonly typename = 'JoinRequestChanged';
  requestId!: string;

  @Field(() => JoinRequest, { description: 'The request as it is now.' })
  joinRequest(@Ctx() ctx: Context): Promise<JoinRequest> {
    return load(ctx, JoinRequest, this.requestId, 'Join request');
  }
}

@ObjectType('ContactRequestChanged', { implements: ViewerEventBase, description: 'A contact request to or from the viewer was sent, accepted or declined (roomId is null).' })
export class ContactRequestChangedEvent extends ViewerEventBase {
  readonly typename = 'ContactRequestChanged';
  requestId!: string;

  @Field(() => ContactRequest, { description: 'The request as it is now.' })
  contactRequest(@Ctx() ctx: Context): Promise<ContactRequest> {
    return load(ctx, ContactRequest, this.requestId, 'Contact request');
  }
}

@ObjectType('ContactRemoved', { implements: ViewerEventBase, description: 'A contact of the viewer ended (by either side), or a pending request was withdrawn (roomId is null).' })
export class ContactRemovedEvent extends ViewerEventBase {
  readonly typename = 'ContactRemoved';
  userId!: string;

  @Field(() => User, { nullable: true, description: 'The other person (null once their account is deleted).' })
  user(@Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.userById.load(this.userId);
  }
}

@ObjectType('RoomBanChanged', {
  implements: ViewerEventBase,
  description: "Someone was banned from a room or unbanned (members and non-members alike): to the room's OWNER and ADMINs only.",
})
export class RoomBanChangedEvent extends ViewerEventBase {
  readonly typename = 'RoomBanChanged';
  declare roomId: string;

  @Field(() => ID, { description: 'Who was banned or unbanned.' })
  userId!: string;

  @Field(() => Boolean, { description: 'True for a ban, false for an unban.' })
  banned!: boolean;

  @Field(() => User, { nullable: true, description: 'Who was banned or unbanned (null once their account is deleted).' })
  user(@Ctx() ctx: Context): Promise<User | null> {
    return ctx.loaders.userById.load(this.userId);
  }

  @Field(() => RoomBan, { nullable: true, description: 'The ban as it is now; null once it was lifted.' })
  ban(@Ctx() ctx: Context): Promise<RoomBan | null> {
    return ctx.em.findOne(RoomBan, { room: this.roomId, user: this.userId });
  }
}

@ObjectType('InviteLinkChanged', {
  implements: ViewerEventBase,
  description: "An invite link of a room was created, used (perhaps up) or revoked: to the room's OWNER and ADMINs only. Expiry is not announced: compare expiresAt.",
})
export class InviteLinkChangedEvent extends ViewerEventBase {
  readonly typename = 'InviteLinkChanged';
  declare roomId: string;
  linkId!: string;

  @Field(() => InviteLinkChange, { description: 'What happened.' })
  change!: InviteLinkChange;

  @Field(() => InviteLink, { description: 'The link as it is now (uses, usesLeft).' })
  inviteLink(@Ctx() ctx: Context): Promise<InviteLink> {
    return load(ctx, InviteLink, this.linkId, 'Invite link');
  }
}

/** People news as its GraphQL event (a hidden room is a RemovedFromRoom, built by the viewer news service). */
export function peopleEvent(m: Exclude<PeopleNews, { type: 'RoomHidden' }>): ViewerEventBase {
  const at = new Date(m.at);
  switch (m.type) {
    case 'InvitationChanged':
      return Object.assign(new InvitationChangedEvent(), { roomId: m.roomId, at, invitationId: m.invitationId });
    case 'JoinRequestChanged':
      return Object.assign(new JoinRequestChangedEvent(), { roomId: m.roomId, at, requestId: m.requestId });
    case 'ContactRequestChanged':
      return Object.assign(new ContactRequestChangedEvent(), { roomId: null, at, requestId: m.requestId });
    case 'ContactRemoved':
      return Object.assign(new ContactRemovedEvent(), { roomId: null, at, userId: m.userId });
    case 'RoomBanChanged':
      return Object.assign(new RoomBanChangedEvent(), { roomId: m.roomId, at, userId: m.userId, banned: m.banned });
    case 'InviteLinkChanged':
      return Object.assign(new InviteLinkChangedEvent(), { roomId: m.roomId, at, linkId: m.linkId, change: m.change });
  }
}

/** Listed in the schema (they are only ever returned through the ViewerEvent interface). */
export const PEOPLE_EVENT_TYPES = [InvitationChangedEvent, JoinRequestChangedEvent, ContactRequestChangedEvent, ContactRemovedEvent, RoomBanChangedEvent, InviteLinkChangedEvent];
