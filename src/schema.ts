import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type NonEmptyArray } from 'type-graphql';
import { AuthChecker } from './auth-checker.js';
import { AdminContentResolver } from './modules/admin/admin-content.resolver.js';
import { AdminResolver, AdminRoomFieldsResolver, AdminUserFieldsResolver, AuditEventFieldsResolver } from './modules/admin/admin.resolver.js';
import { AuthResolver } from './modules/auth/auth.resolver.js';
import { MessageResolver } from './modules/messages/message.resolver.js';
import { MemberResolver, RoomResolver } from './modules/rooms/room.resolver.js';
import { AttachmentResolver, MessageAttachmentsResolver } from './modules/uploads/attachment.resolver.js';
import { UserResolver } from './modules/users/user.resolver.js';
import { PresenceResolver } from './modules/realtime/presence.resolver.js';
import { RoomEventsResolver } from './modules/realtime/room-events.resolver.js';
import { TypingResolver } from './modules/realtime/typing.resolver.js';
import { ViewerNewsResolver } from './modules/realtime/viewer-news.resolver.js';
import { ViewerPresenceResolver } from './modules/realtime/viewer-presence.resolver.js';
import { SearchResolver } from './modules/search/search.resolver.js';
import { ReadReceiptsResolver, ShareReadReceiptsResolver } from './modules/receipts/read-receipts.resolver.js';
import { NotificationLevelResolver } from './modules/rooms/notification-level.resolver.js';
import { MentionQueryResolver, MessageMentionsResolver, RoomActivityMentionsResolver, RoomMentionsResolver } from './modules/mentions/mention.resolver.js';
import { RoomBanResolver, RoomBansFieldResolver } from './modules/room-bans/room-ban.resolver.js';
import { BlockResolver } from './modules/blocks/block.resolver.js';
import { InviteLinkResolver } from './modules/invitations/invite-link.resolver.js';
import { InvitationResolver } from './modules/invitations/invitation.resolver.js';
import { JoinRequestResolver } from './modules/invitations/join-request.resolver.js';
import { RoomInvitationFieldsResolver } from './modules/invitations/room-invitation-fields.resolver.js';
import { ContactResolver, UserContactFieldsResolver } from './modules/contacts/contact.resolver.js';
import { PEOPLE_EVENT_TYPES } from './modules/reach/people-events.types.js';
import { SessionResolver } from './modules/sessions/session.resolver.js';
import { HiddenRoomResolver } from './modules/blocks/hidden-rooms.resolver.js';
import { RoomAccessFieldResolver } from './modules/room-access/room-access.resolver.js';
import { installViewerGates } from './modules/realtime/shared-document.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const resolvers: NonEmptyArray<Function> = [AuthResolver, UserResolver, RoomResolver, MemberResolver, MessageResolver, AdminResolver, AdminUserFieldsResolver, AuditEventFieldsResolver, AdminRoomFieldsResolver, AdminContentResolver,
  RoomEventsResolver, TypingResolver, PresenceResolver, ViewerNewsResolver, ViewerPresenceResolver, SearchResolver, RoomBanResolver, RoomBansFieldResolver, RoomAccessFieldResolver, BlockResolver,
  InviteLinkResolver, InvitationResolver, JoinRequestResolver, RoomInvitationFieldsResolver, ContactResolver, UserContactFieldsResolver, SessionResolver, HiddenRoomResolver,
  MentionQueryResolver, MessageMentionsResolver, RoomMentionsResolver, RoomActivityMentionsResolver, NotificationLevelResolver, ReadReceiptsResolver, ShareReadReceiptsResolver,
  MessageAttachmentsResolver, AttachmentResolver];

let cached: Promise<GraphQLSchema> | undefined;

/**
 * The one schema for HTTP and graphql-ws. Built once per process; it has no runtime dependencies. Its
 * viewer-dependent fields are wrapped here (`@ShownTo` tests applied, shared executions recorded: shared-document.ts).
 */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers,
    orphanedTypes: PEOPLE_EVENT_TYPES,
    authChecker: AuthChecker,
    validate: false,
    emitSchemaFile: false,
    // Every subscription brings its own `subscribe` (src/modules/realtime); type-graphql still asks for a PubSub.
    pubSub: {
      publish: () => {
        throw new Error('publish through AppPubSub');
      },
      subscribe: () => {
        throw new Error('subscriptions declare their own subscribe');
      },
    },
  }).then((schema) => {
    installViewerGates(schema);
    return schema;
  });
  return cached;
}

/** The SDL committed as schema.graphql: sorted, so it diffs cleanly. */
export async function printAppSchema(): Promise<string> {
  const header = '# Parley GraphQL API. Generated from the code by `npm run schema`; do not edit by hand.\n\n';
  return header + printSchema(lexicographicSortSchema(await buildAppSchema())) + '\n';
}
