import { useQuery } from '@apollo/client/react';
import { useDeferredValue, useId, useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { graphql } from '../../gql';
import type { UserPick_UserFragment } from '../../gql/graphql';
import { nameOf } from '../../lib/format';

export const UserPickFragment = graphql(`
  fragment UserPick_user on User {
    id
    username
    displayName
    isOnline
  }
`);

const SearchUsersQuery = graphql(`
  query SearchUsers($search: String, $first: Int) {
    users(search: $search, first: $first) {
      edges {
        node {
          ...UserPick_user
        }
      }
    }
  }
`);

/** A search box and the people it finds; `onPick` gets the clicked person. */
export function UserSearch({
  viewerId,
  onPick,
  action,
  selectedIds,
  autoFocus,
}: {
  viewerId: string;
  onPick: (u: UserPick_UserFragment) => void;
  action: string;
  selectedIds?: Set<string>;
  autoFocus?: boolean;
}) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const inputId = useId();
  const { data, loading } = useQuery(SearchUsersQuery, { variables: { search: deferred || undefined, first: 20 } });
  const users = data?.users.edges.map((e) => e.node).filter((u) => u.id !== viewerId) ?? [];
  return (
    <div className="user-search">
      <div className="field">
        <label htmlFor={inputId}>Search people</label>
        <input id={inputId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or username" autoFocus={autoFocus} autoComplete="off" />
      </div>
      <ul className="pick-list" aria-label="People" aria-busy={loading}>
        {users.map((u) => {
          const selected = selectedIds?.has(u.id) ?? false;
          return (
            <li key={u.id}>
              <button type="button" className={`pick${selected ? ' is-selected' : ''}`} onClick={() => onPick(u)} aria-pressed={selectedIds ? selected : undefined}>
                <Avatar user={u} size={32} online={u.isOnline} />
                {/* The action is read before the visible name (the accessible name contains what is seen). */}
                <span className="sr-only">{action} </span>
                <span className="pick__names">
                  <strong>{nameOf(u)}</strong>
                  <span>@{u.username}</span>
                </span>
                {selectedIds && <span className="pick__check" aria-hidden="true">{selected ? '✓' : '+'}</span>}
              </button>
            </li>
          );
        })}
        {data && users.length === 0 && <li className="muted pad">Nobody found.</li>}
      </ul>
    </div>
  );
}
