import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import type { RoomManageListsQuery } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { fullTime, nameOf } from '../../lib/format';
import { PersonButton } from '../people/PeoplePage';
import { UnbanFromRoomMutation } from './documents';

type Ban = RoomManageListsQuery['room']['bans']['edges'][number]['node'];

/** Who is banned from the room, why, by whom and when; unbanning lets them join again (it does not add them). */
export function BansSection({ roomId, bans, onChanged }: { roomId: string; bans?: Ban[]; onChanged: () => void }) {
  const [unban] = useMutation(UnbanFromRoomMutation);
  const [error, setError] = useState<string>();
  return (
    <section className="card" aria-labelledby="bans-h">
      <h2 id="bans-h">Banned people{bans ? ` · ${bans.length}` : ''}</h2>
      <p className="muted">Ban a member from the Members tab. Unbanning does not add them back; they may join again.</p>
      <FormError message={error} />
      {bans && bans.length === 0 && <p className="muted">Nobody is banned.</p>}
      <ul className="plain-list">
        {bans?.map((b) => (
          <li key={b.id} className="plain-list__item" data-testid="ban">
            <PersonButton user={b.user} />
            <span className="plain-list__main">
              <span>{b.reason ? `“${b.reason}”` : <span className="muted">No reason given</span>}</span>
              <span className="muted">
                by {nameOf(b.bannedBy)}, {fullTime(b.createdAt)}
              </span>
            </span>
            <button
              type="button"
              className="btn btn--small"
              aria-label={`Unban ${nameOf(b.user)}`}
              onClick={() =>
                void unban({ variables: { roomId, userId: b.user.id } }).then(
                  () => (setError(undefined), showToast(`${nameOf(b.user)} was unbanned.`), onChanged()),
                  (err) => setError(errorMessage(err)),
                )
              }
            >
              Unban
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
