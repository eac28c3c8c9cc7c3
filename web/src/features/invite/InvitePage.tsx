import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { useState } from 'react';
import { Avatar } from '../../components/Avatar';
import { FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import { graphql } from '../../gql';
import { errorMessage } from '../../lib/errors';
import { fullTime } from '../../lib/format';
import { linkHandler, navigate } from '../../lib/router';
import { RoomListQuery } from '../rooms/RoomList';

const InvitePreviewQuery = graphql(`
  query InvitePreview($code: String!) {
    invitePreview(code: $code) {
      code
      roomId
      name
      description
      kind
      memberCount
      hasPassword
      isMember
      expiresAt
      usesLeft
    }
  }
`);

const JoinByInviteMutation = graphql(`
  mutation JoinByInvite($code: String!) {
    joinByInvite(code: $code) {
      id
      name
      kind
      myRole
    }
  }
`);

const NEXT_KEY = 'parley.next';

/** Remembers where a signed-out visitor was going (an invite link), to go on there after signing in. */
export function rememberNext(path: string) {
  sessionStorage.setItem(NEXT_KEY, path);
}

/** Where to go after signing in: the remembered invite link, once, or the room list. */
export function takeNext(): string {
  const next = sessionStorage.getItem(NEXT_KEY);
  sessionStorage.removeItem(NEXT_KEY);
  return next && next.startsWith('/invite/') ? next : '/';
}

/** Why a link cannot be used, in words: unknown or revoked, expired, used up (the API's code and reason). */
function unusable(error: unknown): string | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  const e = error.errors[0];
  if (e?.extensions?.code === 'NOT_FOUND' || e?.extensions?.code === 'BAD_USER_INPUT') return 'This invite link does not exist, or it was revoked.';
  if (e?.extensions?.reason === 'EXPIRED') return 'This invite link has expired. Ask for a new one.';
  if (e?.extensions?.reason === 'USED_UP') return 'This invite link has been used up. Ask for a new one.';
  return null;
}

/**
 * /invite/<code>: an invite link opened in the app. Shows the room behind it (invitePreview: name, kind, size,
 * description; nothing private) before Join, which spends one use of the link and opens the room.
 */
export function InvitePage({ code }: { code: string }) {
  const client = useApolloClient();
  const { data, error: lookupError, loading: looking } = useQuery(InvitePreviewQuery, { variables: { code }, fetchPolicy: 'network-only' });
  const [join, { loading }] = useMutation(JoinByInviteMutation);
  const [error, setError] = useState<string>();
  const preview = data?.invitePreview;
  const dead = unusable(lookupError);
  const roomHref = preview ? `/rooms/${encodeURIComponent(preview.roomId)}` : '/';

  if (dead) {
    return (
      <div className="empty invite" data-testid="invite-page" data-state="unusable">
        <Avatar label="#" size={56} />
        <h1>This link does not work</h1>
        <p role="alert">{dead}</p>
        <div className="empty__actions">
          <a href="/" className="btn" onClick={linkHandler('/')}>
            Back to your rooms
          </a>
        </div>
      </div>
    );
  }

  const kind = preview?.kind === 'PUBLIC' ? 'Public room' : 'Group';
  const size = preview ? `${preview.memberCount} member${preview.memberCount === 1 ? '' : 's'}` : '';
  return (
    <div className="empty invite" data-testid="invite-page" aria-busy={looking || undefined}>
      <Avatar label={preview ? (preview.kind === 'PUBLIC' ? '#' : (preview.name ?? '#')) : '#'} size={56} />
      {preview ? (
        <>
          <p className="muted">You are invited to join</p>
          <h1 data-testid="invite-room-name">{preview.name ?? 'a room'}</h1>
          <p data-testid="invite-room-facts">
            {kind} · {size}
            {preview.hasPassword ? ' · password-protected (this link lets you in without it)' : ''}
          </p>
          {preview.description && <p className="invite__description">{preview.description}</p>}
          <p className="muted">
            {preview.expiresAt ? `Link valid until ${fullTime(preview.expiresAt)}` : 'Link never expires'}
            {preview.usesLeft !== null ? ` · ${preview.usesLeft} use${preview.usesLeft === 1 ? '' : 's'} left` : ''}
          </p>
        </>
      ) : (
        <>
          <h1>You have an invite link</h1>
          <p className="muted">{lookupError ? errorMessage(lookupError) : 'Looking up the room…'}</p>
        </>
      )}
      <FormError message={error} />
      <div className="empty__actions">
        {preview?.isMember ? (
          <a href={roomHref} className="btn btn--primary" onClick={linkHandler(roomHref)}>
            Open room
          </a>
        ) : (
          <button
            type="button"
            className="btn btn--primary"
            disabled={loading || !preview}
            onClick={async () => {
              try {
                const { data: joined } = await join({ variables: { code } });
                if (!joined) return;
                await client.refetchQueries({ include: [RoomListQuery] }).catch(() => undefined);
                showToast(`You joined ${joined.joinByInvite.name ?? 'the room'}.`);
                navigate(`/rooms/${encodeURIComponent(joined.joinByInvite.id)}`, { replace: true });
              } catch (err) {
                setError(unusable(err) ?? errorMessage(err));
              }
            }}
          >
            {loading ? 'Joining…' : 'Join room'}
          </button>
        )}
        <a href="/" className="btn" onClick={linkHandler('/')}>
          Not now
        </a>
      </div>
    </div>
  );
}
