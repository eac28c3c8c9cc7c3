import { createHash } from 'node:crypto';
import { getNamedType, isObjectType, print, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Fields whose value is the same for every member of a room who asks, whoever they are (no viewer check, no
 * per-viewer data). A document that selects only these fields is shared by all viewers with the same role;
 * any other field (Reaction.reactedByMe, User.email, Room.unreadCount, Room.myRole, Room.members...) makes the
 * viewer's id part of the group, so it is shared only by that viewer's own subscriptions. Add a field here only
 * if its resolver never reads ctx.viewer (directly or through a loader keyed by the viewer).
 */
const VIEWER_INDEPENDENT = new Set([
  ...['seq', 'roomId', 'at'].map((f) => `RoomEvent.${f}`),
  'MessageAdded.message',
  'MessageEdited.message',
  'ReactionChanged.message',
  'ReactionChanged.emoji',
  'ReactionChanged.userId',
  'ReactionChanged.added',
  'MessageDeleted.messageId',
  'MessageDeleted.deletedBy',
  'MemberLeft.userId',
  'MemberLeft.removedBy',
  ...['id', 'seq', 'body', 'clientId', 'createdAt', 'editedAt', 'deletedAt', 'sender'].map((f) => `Message.${f}`),
  'Reaction.emoji',
  'Reaction.count',
  ...['id', 'username', 'displayName', 'role', 'isOnline', 'lastSeenAt', 'createdAt'].map((f) => `User.${f}`),
]);

export interface DocumentView {
  hash: string;
  viewerIndependent: boolean;
}

/** What a subscription document needs to be shared: its hash, and whether it reads anything viewer-specific. */
export class DocumentAnalyzer {
  private readonly views = new WeakMap<DocumentNode, DocumentView>();

  constructor(private readonly schema: GraphQLSchema) {}

  analyze(document: DocumentNode): DocumentView {
    let view = this.views.get(document);
    if (!view) {
      let viewerIndependent = true;
      const typeInfo = new TypeInfo(this.schema);
      visit(
        document,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            const parent = typeInfo.getParentType();
            if (!parent || node.name.value === '__typename') return;
            const type = getNamedType(parent);
            const field = node.name.value;
            if (type.name === 'Subscription' && field === 'roomEvents') return;
            // A field of an interface (RoomEvent.seq) selected on one of its types counts as the interface's.
            const owners = [type.name, ...(isObjectType(type) ? type.getInterfaces().map((i) => i.name) : [])];
            if (!owners.some((o) => VIEWER_INDEPENDENT.has(`${o}.${field}`))) viewerIndependent = false;
          },
        }),
      );
      view = { hash: createHash('sha1').update(print(document)).digest('base64url'), viewerIndependent };
      this.views.set(document, view);
    }
    return view;
  }
}
