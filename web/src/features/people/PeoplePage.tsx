import { useMutation, useQuery } from '@apollo/client/react';
import { useId, useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import type { ProfileCard_UserFragment } from '../../gql/graphql';
import { errorMessage } from '../../lib/errors';
import { nameOf } from '../../lib/format';
import { InboxQuery } from '../inbox/Inbox';
import { usePeopleNews } from '../inbox/viewer-news';
import { UserSearch } from '../rooms/UserSearch';
import { AcceptContactMutation, DeclineContactMutation, PeopleQuery, RemoveContactMutation, UnblockUserMutation, WhoCanMessageMeMutation } from './documents';
import { openProfileCard } from './profile-card';
import { SessionsSection } from './SessionsSection';
import './people.css';

/** A person's name as a button that opens their profile card. */
export function PersonButton({ user }: { user: { id: string; username: string; displayName?: string | null; isOnline?: boolean } }) {
  return (
    <button type="button" className="person" onClick={() => openProfileCard(user.id)}>
      <Avatar user={user} size={32} online={user.isOnline} />
      <span className="person__names">
        <strong>{nameOf(user)}</strong>
        <span className="muted">@{user.username}</span>
      </span>
    </button>
  );
}

/** People: contact requests, contacts, blocked people, who may message the viewer, and signed-in devices. */
export function PeoplePage({ viewerId }: { viewerId: string }) {
  const { data, refetch } = useQuery(PeopleQuery, { fetchPolicy: 'cache-and-network' });
  usePeopleNews((n) => {
    if (n.__typename === 'ContactRequestChanged' || n.__typename === 'ContactRemoved') void refetch().catch(() => undefined);
  });
  const refetchQueries = [PeopleQuery, InboxQuery];
  const [accept] = useMutation(AcceptContactMutation, { refetchQueries });
  const [decline] = useMutation(DeclineContactMutation, { refetchQueries });
  const [remove] = useMutation(RemoveContactMutation, { refetchQueries });
  const [unblock] = useMutation(UnblockUserMutation, { refetchQueries });
  const [error, setError] = useState<string>();
  const act = (fn: () => Promise<unknown>) => () => void fn().then(() => setError(undefined), (err) => setError(errorMessage(err)));

  const requests = data?.contactRequests.edges.map((e) => e.node).filter((r) => r.status === 'PENDING') ?? [];
  const incoming = requests.filter((r) => r.to.id === viewerId);
  const outgoing = requests.filter((r) => r.from.id === viewerId);
  const contacts = data?.contacts.edges.map((e) => e.node) ?? [];
  const blocked = data?.blockedUsers.edges.map((e) => e.node) ?? [];

  return (
    <div className="page" data-testid="people-page">
      <h1>People</h1>
      <FormError message={error} />
      <section className="card" aria-labelledby="find-h">
        <h2 id="find-h">Find people</h2>
        <UserSearch viewerId={viewerId} action="Show profile of" onPick={(u) => openProfileCard(u.id)} />
      </section>
      <section className="card" aria-labelledby="requests-h">
        <h2 id="requests-h">Contact requests</h2>
        {incoming.length + outgoing.length === 0 && <p className="muted">No pending requests.</p>}
        <ul className="plain-list">
          {incoming.map((r) => (
            <li key={r.id} className="plain-list__item" data-testid="incoming-request">
              <PersonButton user={r.from} />
              <span className="plain-list__actions">
                <button type="button" className="btn btn--small btn--primary" aria-label={`Accept ${nameOf(r.from)}`} onClick={act(() => accept({ variables: { id: r.id } }).then(() => showToast(`You and ${nameOf(r.from)} are now contacts.`)))}>
                  Accept
                </button>
                <button type="button" className="btn btn--small" aria-label={`Decline ${nameOf(r.from)}`} onClick={act(() => decline({ variables: { id: r.id } }))}>
                  Decline
                </button>
              </span>
            </li>
          ))}
          {outgoing.map((r) => (
            <li key={r.id} className="plain-list__item" data-testid="outgoing-request">
              <PersonButton user={r.to} />
              <span className="plain-list__actions">
                <span className="muted">Sent</span>
                <button type="button" className="btn btn--small" aria-label={`Cancel request to ${nameOf(r.to)}`} onClick={act(() => remove({ variables: { userId: r.to.id } }))}>
                  Cancel
                </button>
              </span>
            </li>
          ))}
        </ul>
      </section>
      <PeopleList title="Contacts" id="contacts-h" empty="No contacts yet: find people above and add them." users={contacts} testId="contact" action={(u) => ({ label: 'Remove', aria: `Remove ${nameOf(u)} from contacts`, run: () => remove({ variables: { userId: u.id } }) })} act={act} />
      <PeopleList title="Blocked people" id="blocked-h" empty="You have not blocked anyone." users={blocked} testId="blocked" action={(u) => ({ label: 'Unblock', aria: `Unblock ${nameOf(u)}`, run: () => unblock({ variables: { userId: u.id } }) })} act={act} />
      {data && <PrivacySection value={data.me.whoCanMessageMe ?? 'EVERYONE'} />}
      <SessionsSection />
    </div>
  );
}

function PeopleList({ title, id, empty, users, testId, action, act }: { title: string; id: string; empty: string; users: ProfileCard_UserFragment[]; testId: string; action: (u: ProfileCard_UserFragment) => { label: string; aria: string; run: () => Promise<unknown> }; act: (fn: () => Promise<unknown>) => () => void }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {users.length === 0 && <p className="muted">{empty}</p>}
      <ul className="plain-list">
        {users.map((u) => {
          const a = action(u);
          return (
            <li key={u.id} className="plain-list__item" data-testid={testId}>
              <PersonButton user={u} />
              <button type="button" className="btn btn--small" aria-label={a.aria} onClick={act(a.run)}>
                {a.label}
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function PrivacySection({ value }: { value: 'EVERYONE' | 'CONTACTS' }) {
  const [update, { loading }] = useMutation(WhoCanMessageMeMutation);
  const [error, setError] = useState<string>();
  // Checked at once (the radio follows the click); put back if the server refuses.
  const [choice, setChoice] = useState(value);
  const name = useId();
  const options = [
    { v: 'EVERYONE' as const, label: 'Everyone', hint: 'Anyone signed in, except people you blocked.' },
    { v: 'CONTACTS' as const, label: 'Only my contacts', hint: 'Others cannot start a direct chat with you. Existing chats stay.' },
  ];
  return (
    <section className="card" aria-labelledby={`${name}-h`}>
      <h2 id={`${name}-h`}>Privacy</h2>
      <fieldset className="radio-group" disabled={loading}>
        <legend>Who can start a direct chat with me</legend>
        {options.map((o) => (
          <label key={o.v} className="radio">
            <input
              type="radio"
              name={name}
              value={o.v}
              checked={choice === o.v}
              onChange={() => {
                const before = choice;
                setChoice(o.v);
                void update({ variables: { value: o.v } }).then(
                  () => (setError(undefined), showToast('Privacy setting saved.')),
                  (err) => (setChoice(before), setError(errorMessage(err))),
                );
              }}
            />
            <span>
              {o.label}
              <span className="field__hint">{o.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
    </section>
  );
}
