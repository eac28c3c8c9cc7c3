import { useLazyQuery } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { nameOf, time } from '../../lib/format';
import { navigate } from '../../lib/router';
import { Highlighted } from './Highlighted';
import './search.css';

export const SearchMessagesQuery = graphql(`
  query SearchMessages($query: String!, $roomId: ID, $after: String) {
    searchMessages(query: $query, roomId: $roomId, orderBy: NEWEST, first: 20, after: $after) {
      edges {
        cursor
        highlights {
          start
          end
        }
        node {
          id
          seq
          body
          createdAt
          sender {
            id
            username
            displayName
          }
          room {
            id
            name
            kind
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

/** Where a search result opens: its room, scrolled to the message (RoomView loads history back to it). */
export function messageHref(roomId: string, seq: number) {
  return `/rooms/${encodeURIComponent(roomId)}?at=${seq}`;
}

/**
 * Message search: this room or all the viewer's rooms, newest first, matches marked. Syntax help under the box:
 * "phrases", -exclude, from:, in:, before:/after:.
 */
export function SearchPanel({ roomId, roomName, onClose }: { roomId?: string; roomName?: string; onClose: () => void }) {
  const [text, setText] = useState('');
  const [scope, setScope] = useState<'room' | 'all'>(roomId ? 'room' : 'all');
  const [run, { data, loading, error, fetchMore, called }] = useLazyQuery(SearchMessagesQuery);

  function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    void run({ variables: { query: text.trim(), roomId: scope === 'room' ? roomId : null } }).catch(() => undefined);
  }

  const edges = data?.searchMessages.edges ?? [];
  return (
    <section className="search-panel" aria-label="Search messages" data-testid="search-panel">
      <form className="search-panel__form" onSubmit={submit} role="search">
        <label htmlFor="search-input" className="sr-only">
          Search messages
        </label>
        <input id="search-input" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder='Search: words, "a phrase", -word, from:name' autoFocus maxLength={500} />
        <button type="submit" className="btn btn--primary btn--small">
          Search
        </button>
        <button type="button" className="btn btn--small" onClick={onClose} aria-label="Close search">
          ✕
        </button>
      </form>
      {roomId && (
        <fieldset className="search-panel__scope">
          <legend className="sr-only">Where to search</legend>
          <label>
            <input type="radio" name="search-scope" checked={scope === 'room'} onChange={() => setScope('room')} /> {roomName ? `In ${roomName}` : 'This room'}
          </label>
          <label>
            <input type="radio" name="search-scope" checked={scope === 'all'} onChange={() => setScope('all')} /> All rooms
          </label>
        </fieldset>
      )}
      {error && (
        <p className="field__error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {called && !loading && !error && edges.length === 0 && <p className="muted search-panel__empty">No messages match.</p>}
      <ol className="search-results" aria-busy={loading}>
        {edges.map((e) => (
          <li key={e.node.id}>
            <a
              href={messageHref(e.node.room.id, e.node.seq)}
              className="search-result"
              data-testid="search-result"
              onClick={(ev) => {
                ev.preventDefault();
                navigate(messageHref(e.node.room.id, e.node.seq));
                onClose();
              }}
            >
              <span className="search-result__meta">
                <strong>{nameOf(e.node.sender)}</strong>
                {scope === 'all' && e.node.room.name && <span> in {e.node.room.name}</span>}
                <time dateTime={e.node.createdAt}> · {time(e.node.createdAt)}</time>
              </span>
              <Highlighted text={e.node.body} ranges={e.highlights} />
            </a>
          </li>
        ))}
      </ol>
      {data?.searchMessages.pageInfo.hasNextPage && (
        <button type="button" className="btn btn--small" onClick={() => void fetchMore({ variables: { after: data.searchMessages.pageInfo.endCursor } })}>
          More results
        </button>
      )}
    </section>
  );
}
