import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { toConnection } from '../../common/connection.js';
import type { Context } from '../../context.js';
import { User } from '../users/user.entity.js';
import { UserConnection } from '../users/user.types.js';
import { ContactRequest } from './contact.entity.js';
import { ContactStatus } from './contact.service.js';
import { ContactRequestConnection } from './contact.types.js';
import { WhoCanMessageMe } from './message-privacy.js';

registerEnumType(ContactStatus, {
  name: 'ContactStatus',
  description: 'Where the viewer and another person stand as contacts.',
  valuesConfig: {
    NONE: { description: 'Not contacts, nothing pending.' },
    CONTACT: { description: 'Contacts.' },
    REQUEST_SENT: { description: 'The viewer asked; waiting for them.' },
    REQUEST_RECEIVED: { description: 'They asked; the viewer may accept or decline.' },
  },
});

const PAGE = { first: 'Page size, at most 100 (default 20).', after: 'Cursor to continue after.' };

@Resolver(() => ContactRequest)
export class ContactResolver {
  @Authorized()
  @Mutation(() => ContactRequest, {
    description:
      'Asks a person to become contacts (live on viewerEvents for both). When they already asked the viewer, this accepts their request. CONFLICT when already contacts; FORBIDDEN when either blocked the other; RATE_LIMITED after many requests.',
  })
  sendContactRequest(@Arg('userId', () => ID, { description: 'The person.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.contacts.send(ctx, userId);
  }

  @Authorized()
  @Mutation(() => ContactRequest, { description: 'Accepts a contact request sent to the viewer: the two become contacts. CONFLICT when no longer pending; NOT_FOUND for a request not sent to the viewer.' })
  acceptContactRequest(@Arg('id', () => ID, { description: 'The request.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.contacts.accept(ctx, id);
  }

  @Authorized()
  @Mutation(() => ContactRequest, { description: 'Declines a contact request sent to the viewer. CONFLICT when no longer pending; NOT_FOUND for a request not sent to the viewer.' })
  declineContactRequest(@Arg('id', () => ID, { description: 'The request.' }) id: string, @Ctx() ctx: Context) {
    return ctx.app.services.contacts.decline(ctx, id);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: "Ends a contact (for both people), or withdraws the viewer's pending request to them. NOT_FOUND when there is neither." })
  removeContact(@Arg('userId', () => ID, { description: 'The person.' }) userId: string, @Ctx() ctx: Context) {
    return ctx.app.services.contacts.remove(ctx, userId);
  }

  @Authorized()
  @Query(() => UserConnection, { description: "The viewer's contacts, most recent first." })
  async contacts(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: PAGE.first }) first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE.after }) after?: string,
  ) {
    return toConnection(UserConnection, await ctx.app.services.contacts.contactsPage(ctx, first, after));
  }

  @Authorized()
  @Query(() => ContactRequestConnection, { description: 'Pending contact requests to and from the viewer, newest first (compare `from` with the viewer to tell incoming from outgoing).' })
  async contactRequests(
    @Ctx() ctx: Context,
    @Arg('first', () => Int, { nullable: true, description: PAGE.first }) first?: number,
    @Arg('after', () => String, { nullable: true, description: PAGE.after }) after?: string,
  ) {
    return toConnection(ContactRequestConnection, await ctx.app.services.contacts.requestsPage(ctx, first, after));
  }

  @FieldResolver(() => User, { description: 'Who asked.' })
  from(@Root() request: ContactRequest, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(request.fromUser.id);
  }

  @FieldResolver(() => User, { description: 'Who was asked.' })
  to(@Root() request: ContactRequest, @Ctx() ctx: Context) {
    return ctx.loaders.userById.load(request.toUser.id);
  }
}

@Resolver(() => User)
export class UserContactFieldsResolver {
  @FieldResolver(() => ContactStatus, { description: 'Where the viewer and this person stand as contacts (NONE for the viewer themself and for anonymous viewers).' })
  contactStatus(@Root() user: User, @Ctx() ctx: Context): Promise<ContactStatus> {
    return ctx.app.services.contacts.status(ctx, user.id);
  }

  @FieldResolver(() => WhoCanMessageMe, { nullable: true, description: "Who may open a direct room with this user: only in the viewer's own profile (null for others)." })
  whoCanMessageMe(@Root() user: User, @Ctx() ctx: Context): WhoCanMessageMe | null {
    return ctx.viewer?.id === user.id || ctx.actingUserId === user.id ? user.whoCanMessageMe : null;
  }
}
