import { useQuery, useSubscription } from '@apollo/client/react';
import { useRef } from 'react';
import { getSession } from '../../apollo/session';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf, shortWhen } from '../../lib/format';
import { markdownToText } from '../../lib/markdown';
import { linkHandler } from '../../lib/router';
import { messageHref } from '../search/SearchPanel';
import { MentionText } from './MentionText';
import './mentions.css';

export const MentionsQuery = graphql(`
  query Mentions($after: String) {
    mentions(first: 20, after: $after) {
      edges {
        cursor
        node {
          id
          seq
          body
          createdAt
          mentionsMe
          mentions {
            id
            username
          }
          sender {
            id
            username
            displayName
          }
          room {
            id
            kind
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const MentionActivitySubscription = graphql(`
  subscription MentionActivity {
    viewerEvents {
      __typename
      roomId
      ... on RoomActivity {
        mentionCount
      }
    }
  }
`);

/**
 * Messages that mention the viewer (by name or @room), newest first, 20 at a time; each opens its room at the
 * message. A new mention (a room's unread mention count going up) brings the list up to date.
 */
export function MentionsPage() {
  const { data, loading, error, fetchMore, refetch } = useQuery(MentionsQuery, { fetchPolicy: 'cache-and-network', notifyOnNetworkStatusChange: true, refetchWritePolicy: 'merge' });
  const counts = useRef(new Map<string, number>());
  useSubscription(MentionActivitySubscription, {
    onData: ({ data: d }) => {
      const ev = d.data?.viewerEvents;
      if (ev?.__typename !== 'RoomActivity' || !ev.roomId) return;
      const before = counts.current.get(ev.roomId);
      counts.current.set(ev.roomId, ev.mentionCount);
      if (ev.mentionCount > (before ?? 0)) void refetch().catch(() => undefined);
    },
  });
  const me = getSession()?.user.username;
  const edges = data?.mentions.edges ?? [];
  const page = data?.mentions.pageInfo;

  return (
    <section className="mentions-page" aria-labelledby="mentions-title" data-testid="mentions-page">
      <h1 id="mentions-title">Mentions</h1>
      {error && !data && (
        <p className="field__error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {loading && !data && <p className="muted">Loading…</p>}
      {data && edges.length === 0 && <p className="muted">Nobody has mentioned you yet. When someone writes @{me ?? 'you'}, it shows here.</p>}
      <ol className="mentions-list" aria-busy={loading}>
        {edges.map(({ node: m }) => {
          const href = messageHref(m.room.id, m.seq);
          return (
            <li key={m.id}>
              <a href={href} onClick={linkHandler(href)} className="mention-hit" data-testid="mention-hit" data-room={m.room.id} data-seq={m.seq}>
                <span className="mention-hit__meta">
                  <strong>{nameOf(m.sender)}</strong>
                  <span>{m.room.kind === 'DIRECT' ? 'in a direct chat' : `in ${m.room.name ?? 'a room'}`}</span>
                  <time dateTime={m.createdAt} title={fullTime(m.createdAt)}>
                    {shortWhen(m.createdAt)}
                  </time>
                </span>
                <span className="mention-hit__body">
                  <MentionText body={markdownToText(m.body)} mentions={m.mentions} mentionsMe={m.mentionsMe} viewerUsername={me} />
                </span>
              </a>
            </li>
          );
        })}
      </ol>
      {page?.hasNextPage && (
        <p>
          <button type="button" className="btn btn--small" disabled={loading} onClick={() => void fetchMore({ variables: { after: page.endCursor } }).catch(() => undefined)}>
            Load more
          </button>
        </p>
      )}
    </section>
  );
}
