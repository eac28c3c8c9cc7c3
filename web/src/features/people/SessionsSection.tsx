import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { clearSession } from '../../apollo/session';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { showToast } from '../../components/Toast';
import type { SessionsQuery as SessionsData } from '../../gql/graphql';
import { useNow } from '../../hooks/useNow';
import { fullTime, relativeTime } from '../../lib/format';
import { RevokeSessionMutation, SessionsQuery } from './documents';

type Row = SessionsData['sessions'][number];

/** The viewer's signed-in devices, each with "Sign out this device". */
export function SessionsSection() {
  const { data, error, refetch } = useQuery(SessionsQuery, { fetchPolicy: 'cache-and-network' });
  const [revoke] = useMutation(RevokeSessionMutation);
  const [confirm, setConfirm] = useState<Row | null>(null);
  const now = useNow();
  const sessions = data?.sessions ?? [];
  return (
    <section className="card" aria-labelledby="sessions-h">
      <div className="card__head">
        <h2 id="sessions-h">Signed-in devices</h2>
        <button type="button" className="btn btn--small" onClick={() => void refetch().catch(() => undefined)}>
          Refresh
        </button>
      </div>
      {error && !data && <p className="muted">Could not load your devices.</p>}
      <ul className="plain-list">
        {sessions.map((s) => (
          <li key={s.id} className="plain-list__item" data-testid="session" data-current={s.current}>
            <span className="plain-list__main">
              <strong>
                {s.device}
                {s.current && <span className="tag tag--ok">this device</span>}
              </strong>
              <span className="muted">
                {s.ip ?? 'Unknown IP'} · last used <time dateTime={s.lastUsedAt} title={fullTime(s.lastUsedAt)}>{relativeTime(s.lastUsedAt, now)}</time> · signed in {fullTime(s.createdAt)}
              </span>
            </span>
            <button type="button" className="btn btn--small btn--danger" onClick={() => setConfirm(s)} aria-label={s.current ? 'Sign out this device (the one you are using)' : `Sign out ${s.device}, ${s.ip ?? 'unknown IP'}`}>
              Sign out this device
            </button>
          </li>
        ))}
      </ul>
      {confirm && (
        <ConfirmDialog
          title={confirm.current ? 'Sign out here?' : `Sign out ${confirm.device}?`}
          confirmLabel="Sign out"
          danger
          onClose={() => setConfirm(null)}
          onConfirm={async () => {
            await revoke({ variables: { id: confirm.id } });
            if (confirm.current) return clearSession('You signed this device out.');
            showToast(`${confirm.device} is signed out.`);
            await refetch();
          }}
        >
          <p>{confirm.current ? 'You will have to sign in again on this device.' : 'That device will have to sign in again. Its open chats close at once.'}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
