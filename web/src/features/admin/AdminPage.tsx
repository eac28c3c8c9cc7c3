import { useMutation, useQuery } from '@apollo/client/react';
import { useDeferredValue, useId, useState } from 'react';
import { getSession } from '../../apollo/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { showToast } from '../../components/Toast';
import { graphql } from '../../gql';
import type { AuditAction, AuditEventsQuery, Role } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf } from '../../lib/format';
import { ACTIONS } from './audit-actions';

const AdminUsersQuery = graphql(`
  query AdminUsers($filter: AdminUserFilter, $first: Int, $after: String) {
    adminUsers(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          ...AdminUserRow_user
        }
      }
    }
  }
`);

export const AdminUserRowFragment = graphql(`
  fragment AdminUserRow_user on User {
    id
    username
    displayName
    email
    role
    isOnline
    bannedAt
    createdAt
  }
`);

const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          action
          createdAt
          ip
          targetType
          targetId
          actor {
            id
            username
            displayName
          }
          target {
            __typename
            ... on User {
              id
              username
            }
            ... on Room {
              id
              name
              kind
            }
            ... on Message {
              id
              seq
            }
          }
        }
      }
    }
  }
`);

const BanUserMutation = graphql(`
  mutation BanUser($userId: ID!, $reason: String) {
    banUser(userId: $userId, reason: $reason) {
      ...AdminUserRow_user
    }
  }
`);

const UnbanUserMutation = graphql(`
  mutation UnbanUser($userId: ID!) {
    unbanUser(userId: $userId) {
      ...AdminUserRow_user
    }
  }
`);

const SetUserRoleMutation = graphql(`
  mutation SetUserRole($userId: ID!, $role: Role!) {
    setUserRole(userId: $userId, role: $role) {
      ...AdminUserRow_user
    }
  }
`);

const ROLES: Role[] = ['USER', 'MODERATOR', 'ADMIN'];
const ROLE_WORDS: Record<Role, string> = { USER: 'a regular user', MODERATOR: 'a moderator', ADMIN: 'an administrator' };

type UserRow = { id: string; username: string; displayName?: string | null; role: Role };
/** An action waiting for the admin's confirmation. */
type Pending = { kind: 'ban'; user: UserRow } | { kind: 'unban'; user: UserRow } | { kind: 'role'; user: UserRow; role: Role };

interface ActorFilter {
  id: string;
  username: string;
}

/** For admins and moderators: people (search, role, ban) and the audit log (filter by action and user). */
export function AdminPage() {
  const role = getSession()?.user.role;
  if (role !== 'ADMIN' && role !== 'MODERATOR') {
    return (
      <div className="empty">
        <h1>Admins only</h1>
        <p>This page is for administrators and moderators.</p>
      </div>
    );
  }
  return <AdminScreens isAdmin={role === 'ADMIN'} />;
}

function AdminScreens({ isAdmin }: { isAdmin: boolean }) {
  const [actor, setActor] = useState<ActorFilter | null>(null);
  return (
    <div className="admin">
      <h1>Administration</h1>
      <UsersTable isAdmin={isAdmin} onShowActivity={setActor} />
      <AuditLog actor={actor} onClearActor={() => setActor(null)} />
    </div>
  );
}

function UsersTable({ isAdmin, onShowActivity }: { isAdmin: boolean; onShowActivity: (a: ActorFilter) => void }) {
  const [search, setSearch] = useState('');
  const [roleFilter, setRoleFilter] = useState<Role | ''>('');
  const deferred = useDeferredValue(search.trim());
  const searchId = useId();
  const roleId = useId();
  const { data, loading, error, fetchMore } = useQuery(AdminUsersQuery, {
    variables: { filter: { search: deferred || undefined, role: roleFilter || undefined }, first: 50 },
    fetchPolicy: 'cache-and-network',
  });
  const [ban] = useMutation(BanUserMutation);
  const [unban] = useMutation(UnbanUserMutation);
  const [setRole] = useMutation(SetUserRoleMutation);
  const [pending, setPending] = useState<Pending | null>(null);
  const me = getSession()?.user.id;

  return (
    <section className="card" aria-labelledby="users-h" data-testid="admin-users">
      <h2 id="users-h">Users {data && <span className="muted">· {data.adminUsers.totalCount}</span>}</h2>
      <div className="row filters">
        <div className="field">
          <label htmlFor={searchId}>Search</label>
          <input id={searchId} type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Username, name or email" />
        </div>
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={roleFilter} onChange={(e) => setRoleFilter(e.target.value as Role | '')}>
            <option value="">Any</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && <p className="form-error">{errorMessage(error)}</p>}
      <table className="table table--cards" aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.adminUsers.edges.map(({ node: u }) => (
            <tr key={u.id}>
              <td data-label="User">
                <strong>{nameOf(u)}</strong> <span className="muted">@{u.username}</span>
              </td>
              <td data-label="Email">{u.email}</td>
              <td data-label="Role">
                {isAdmin && u.id !== me ? (
                  <select aria-label={`Role of ${u.username}`} value={u.role} onChange={(e) => setPending({ kind: 'role', user: u, role: e.target.value as Role })}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r.toLowerCase()}
                      </option>
                    ))}
                  </select>
                ) : (
                  u.role.toLowerCase()
                )}
              </td>
              <td data-label="Status">{u.bannedAt ? <span className="tag tag--danger">banned</span> : u.isOnline ? <span className="tag tag--ok">online</span> : <span className="tag">offline</span>}</td>
              <td data-label="Joined">{fullTime(u.createdAt)}</td>
              <td className="actions-cell">
                <button type="button" className="btn btn--small" onClick={() => onShowActivity({ id: u.id, username: u.username })} aria-label={`Activity of ${u.username}`}>
                  Activity
                </button>
                {u.id !== me &&
                  (u.bannedAt ? (
                    <button type="button" className="btn btn--small" onClick={() => setPending({ kind: 'unban', user: u })} aria-label={`Unban ${u.username}`}>
                      Unban
                    </button>
                  ) : (
                    <button type="button" className="btn btn--small btn--danger" onClick={() => setPending({ kind: 'ban', user: u })} aria-label={`Ban ${u.username}`}>
                      Ban
                    </button>
                  ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.adminUsers.pageInfo.hasNextPage && (
        <button type="button" className="btn btn--small more" onClick={() => void fetchMore({ variables: { after: data.adminUsers.pageInfo.endCursor } })}>
          Show more users
        </button>
      )}
      {pending?.kind === 'ban' && (
        <ConfirmDialog
          title={`Ban @${pending.user.username}?`}
          confirmLabel="Ban"
          danger
          reasonLabel="Reason (kept in the audit log)"
          onClose={() => setPending(null)}
          onConfirm={async (reason) => {
            await ban({ variables: { userId: pending.user.id, reason: reason || undefined } });
            showToast(`@${pending.user.username} is banned.`);
          }}
        >
          <p>They are signed out everywhere at once and cannot sign in until unbanned.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'unban' && (
        <ConfirmDialog
          title={`Unban @${pending.user.username}?`}
          confirmLabel="Unban"
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await unban({ variables: { userId: pending.user.id } });
            showToast(`@${pending.user.username} can sign in again.`);
          }}
        >
          <p>They will be able to sign in and chat again.</p>
        </ConfirmDialog>
      )}
      {pending?.kind === 'role' && (
        <ConfirmDialog
          title={`Make @${pending.user.username} ${ROLE_WORDS[pending.role]}?`}
          confirmLabel="Change role"
          onClose={() => setPending(null)}
          onConfirm={async () => {
            await setRole({ variables: { userId: pending.user.id, role: pending.role } });
            showToast(`@${pending.user.username} is now ${ROLE_WORDS[pending.role]}.`);
          }}
        >
          <p>
            Their role changes from {pending.user.role.toLowerCase()} to {pending.role.toLowerCase()}.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function AuditLog({ actor, onClearActor }: { actor: ActorFilter | null; onClearActor: () => void }) {
  const [action, setAction] = useState<AuditAction | ''>('');
  const actionId = useId();
  const { data, loading, error, fetchMore } = useQuery(AuditEventsQuery, {
    variables: { filter: { actions: action ? [action] : undefined, actorId: actor?.id }, first: 100 },
    fetchPolicy: 'cache-and-network',
  });
  return (
    <section className="card" aria-labelledby="audit-h" data-testid="admin-audit">
      <h2 id="audit-h">Audit log</h2>
      <div className="row filters">
        <div className="field">
          <label htmlFor={actionId}>Action</label>
          <select id={actionId} value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">Any action</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a.toLowerCase().replaceAll('_', ' ')}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <span className="field__label">User</span>
          {actor ? (
            <span className="chip">
              @{actor.username}
              <button type="button" aria-label="Show every user" onClick={onClearActor}>
                ×
              </button>
            </span>
          ) : (
            <span className="muted">Everyone (pick “Activity” on a user above)</span>
          )}
        </div>
      </div>
      {error && <p className="form-error">{errorMessage(error)}</p>}
      <table className="table table--cards" aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Action</th>
            <th scope="col">Actor</th>
            <th scope="col">Target</th>
            <th scope="col">IP</th>
          </tr>
        </thead>
        <tbody>
          {data?.auditEvents.edges.map(({ node: e }) => (
            <tr key={e.id}>
              <td data-label="When">{fullTime(e.createdAt)}</td>
              <td data-label="Action">
                <code>{e.action}</code>
              </td>
              <td data-label="Actor">{e.actor ? `@${e.actor.username}` : <span className="muted">—</span>}</td>
              <td data-label="Target">{describeTarget(e)}</td>
              <td data-label="IP" className="muted">{e.ip}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {data?.auditEvents.pageInfo.hasNextPage && (
        <button type="button" className="btn btn--small more" onClick={() => void fetchMore({ variables: { after: data.auditEvents.pageInfo.endCursor } })}>
          Show older entries
        </button>
      )}
    </section>
  );
}

function describeTarget(e: AuditEventsQuery['auditEvents']['edges'][number]['node']): string {
  const t = e.target;
  if (t?.__typename === 'User') return `@${t.username}`;
  if (t?.__typename === 'Room') return `${t.kind === 'DIRECT' ? 'direct room' : `room “${t.name ?? ''}”`}`;
  if (t?.__typename === 'Message') return `message #${t.seq}`;
  return e.targetType ? `${e.targetType.toLowerCase()} (deleted)` : '';
}
