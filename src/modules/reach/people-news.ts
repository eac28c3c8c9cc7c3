import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from '../../logger.js';
import { topics, type AppPubSub } from '../../pubsub.js';
import type { InviteLinkChange } from '../invitations/invite-link.entity.js';
import { managerIds } from './room-managers.js';

/**
 * Viewer news about people and invitations (not about a room's log): published on each concerned user's VIEWER
 * topic after the change committed, delivered by viewerEvents. Ids only; the event's resolver loads the rest.
 * A room's bans and invite links are news for its OWNER and ADMINs only.
 */
export type PeopleNews =
  | { type: 'InvitationChanged'; invitationId: string; roomId: string; at: string }
  | { type: 'JoinRequestChanged'; requestId: string; roomId: string; at: string }
  | { type: 'ContactRequestChanged'; requestId: string; at: string }
  | { type: 'ContactRemoved'; userId: string; at: string }
  | { type: 'RoomHidden'; roomId: string; at: string }
  | { type: 'RoomBanChanged'; roomId: string; userId: string; banned: boolean; at: string }
  | { type: 'InviteLinkChanged'; roomId: string; linkId: string; change: InviteLinkChange; at: string };

export const PEOPLE_NEWS_TYPES: ReadonlySet<string> = new Set<PeopleNews['type']>([
  'InvitationChanged',
  'JoinRequestChanged',
  'ContactRequestChanged',
  'ContactRemoved',
  'RoomHidden',
  'RoomBanChanged',
  'InviteLinkChanged',
]);

/** Pending invitations and join requests that lapsed (cancelled) with a change: each is news for its people. */
export interface Lapsed {
  roomId: string;
  invitations: Array<{ id: string; inviteeId: string }>;
  requests: Array<{ id: string; userId: string }>;
}

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

  /** News for the room's OWNERs and ADMINs as they are now (after the change committed), and for `also`. */
  async toManagers(em: EntityManager, roomId: string, news: PeopleNews, also: string[] = []): Promise<void> {
    await this.publish([...also, ...(await managerIds(em.fork(), roomId))], news);
  }

  /** Tells each lapsed invitation's invitee and each lapsed request's requester, and the room's managers. */
  async lapsed(em: EntityManager, lapsed: Lapsed | null | undefined): Promise<void> {
    if (!lapsed) return;
    const at = new Date().toISOString();
    const { roomId } = lapsed;
    for (const i of lapsed.invitations) await this.toManagers(em, roomId, { type: 'InvitationChanged', invitationId: i.id, roomId, at }, [i.inviteeId]);
    for (const r of lapsed.requests) await this.toManagers(em, roomId, { type: 'JoinRequestChanged', requestId: r.id, roomId, at }, [r.userId]);
  }
}
