import type { Logger } from '../../logger.js';
import { topics, type AppPubSub } from '../../pubsub.js';

/**
 * Viewer news about people and invitations (not about a room's log): published on each concerned user's VIEWER
 * topic after the change committed, delivered by viewerEvents. Ids only; the event's resolver loads the rest.
 */
export type PeopleNews =
  | { type: 'InvitationChanged'; invitationId: string; roomId: string; at: string }
  | { type: 'JoinRequestChanged'; requestId: string; roomId: string; at: string }
  | { type: 'ContactRequestChanged'; requestId: string; at: string }
  | { type: 'ContactRemoved'; userId: string; at: string }
  | { type: 'RoomHidden'; roomId: string; at: string };

export const PEOPLE_NEWS_TYPES: ReadonlySet<string> = new Set<PeopleNews['type']>(['InvitationChanged', 'JoinRequestChanged', 'ContactRequestChanged', 'ContactRemoved', 'RoomHidden']);

/** Publishes people news. A committed change answers success even when the publish fails (it is logged). */
export class PeopleNewsService {
  constructor(
    private readonly pubsub: AppPubSub,
    private readonly logger: Logger,
  ) {}

  async publish(userIds: Iterable<string>, news: PeopleNews): Promise<void> {
    const unique = [...new Set(userIds)];
    if (!unique.length) return;
    try {
      await this.pubsub.publishMany(unique.map(topics.viewer), news);
    } catch (err) {
      this.logger.warn({ err: { message: (err as Error).message }, type: news.type }, 'could not publish people news');
    }
  }
}
