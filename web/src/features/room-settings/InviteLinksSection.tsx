import { useMutation } from '@apollo/client/react';
import { useId, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { FormError } from '../../components/Field';
import { showToast } from '../../components/Toast';
import { useNow } from '../../hooks/useNow';
import type { RoomManageListsQuery } from '../../gql/graphql';
import { toFieldErrors, useFieldErrors } from '../../lib/errors';
import { fullTime, nameOf } from '../../lib/format';
import { CreateInviteLinkMutation, RevokeInviteLinkMutation } from './documents';

type Link = RoomManageListsQuery['room']['inviteLinks']['edges'][number]['node'];

const EXPIRY = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 168, label: '7 days' },
  { hours: 720, label: '30 days' },
  { hours: 0, label: 'Never' },
];

/** The link as shared: the app's origin and the link's path. */
export const fullUrl = (l: { url: string }) => new URL(l.url, location.origin).href;

async function copyText(text: string, fallback: HTMLInputElement | null) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (or an insecure origin): select the text so Ctrl+C copies it.
    fallback?.focus();
    fallback?.select();
    return document.execCommand?.('copy') ?? false;
  }
}

/** Invite links: make one (expiry, number of uses), copy it, revoke it. */
export function InviteLinksSection({ roomId, links, onChanged }: { roomId: string; links?: Link[]; onChanged: () => void }) {
  const [create, { loading }] = useMutation(CreateInviteLinkMutation);
  const [revoke] = useMutation(RevokeInviteLinkMutation);
  const [hours, setHours] = useState(168);
  const [maxUses, setMaxUses] = useState('');
  const [errors, setErrors, clear] = useFieldErrors();
  const [revoking, setRevoking] = useState<Link | null>(null);
  const id = useId();
  // Expiry is not news (nothing happens at that moment): a link past its time leaves the list here.
  const now = useNow();
  const live = links?.filter((l) => !l.expiresAt || Date.parse(l.expiresAt) > now);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const uses = maxUses.trim() ? Number(maxUses) : null;
    if (uses !== null && (!Number.isInteger(uses) || uses < 1 || uses > 10000)) return setErrors({ fields: { maxUses: 'Enter a whole number from 1 to 10000, or leave it empty for no limit.' } });
    try {
      await create({ variables: { roomId, expiresInHours: hours || null, maxUses: uses } });
      setErrors({ fields: {} });
      showToast('Invite link created.');
      onChanged();
    } catch (err) {
      setErrors(toFieldErrors(err));
    }
  }

  return (
    <>
      <form className="card" onSubmit={submit} noValidate aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>New invite link</h2>
        <p className="muted">Anyone holding the link can join (unless banned), so share it with care.</p>
        <div className="row">
          <div className="field">
            <label htmlFor={`${id}-exp`}>Expires after</label>
            <select id={`${id}-exp`} value={hours} onChange={(e) => setHours(Number(e.target.value))}>
              {EXPIRY.map((o) => (
                <option key={o.hours} value={o.hours}>
                  {o.label}
                </option>
              ))}
            </select>
          </div>
          <div className={`field${errors.fields.maxUses ? ' field--error' : ''}`}>
            <label htmlFor={`${id}-max`}>Maximum uses</label>
            <input id={`${id}-max`} inputMode="numeric" value={maxUses} placeholder="No limit" aria-invalid={errors.fields.maxUses ? true : undefined} aria-describedby={errors.fields.maxUses ? `${id}-max-e` : undefined} onChange={(e) => (setMaxUses(e.target.value), clear('maxUses'))} />
            {errors.fields.maxUses && (
              <p id={`${id}-max-e`} className="field__error" role="alert">
                {errors.fields.maxUses}
              </p>
            )}
          </div>
        </div>
        <FormError message={errors.form ?? errors.fields.expiresInHours} />
        <button type="submit" className="btn btn--primary" disabled={loading}>
          Create link
        </button>
      </form>
      <section className="card" aria-labelledby={`${id}-l`}>
        <h2 id={`${id}-l`}>Active links</h2>
        {live && live.length === 0 && <p className="muted">No active links.</p>}
        <ul className="plain-list">
          {live?.map((l) => (
            <LinkItem key={l.code} link={l} onRevoke={() => setRevoking(l)} />
          ))}
        </ul>
      </section>
      {revoking && (
        <ConfirmDialog
          title="Revoke this invite link?"
          confirmLabel="Revoke link"
          danger
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await revoke({ variables: { code: revoking.code } });
            showToast('Invite link revoked.');
            onChanged();
          }}
        >
          <p>It stops working at once. People who joined through it stay.</p>
        </ConfirmDialog>
      )}
    </>
  );
}

function LinkItem({ link: l, onRevoke }: { link: Link; onRevoke: () => void }) {
  const [copied, setCopied] = useState(false);
  const [input, setInput] = useState<HTMLInputElement | null>(null);
  const id = useId();
  const url = fullUrl(l);
  return (
    <li className="plain-list__item invite-link" data-testid="invite-link" data-code={l.code}>
      <span className="plain-list__main">
        <label htmlFor={id} className="sr-only">
          Invite link
        </label>
        <input id={id} ref={setInput} className="invite-link__url" readOnly value={url} onFocus={(e) => e.target.select()} />
        <span className="muted">
          {l.uses} use{l.uses === 1 ? '' : 's'}
          {l.usesLeft !== null ? `, ${l.usesLeft} left` : ', no limit'} · {l.expiresAt ? `expires ${fullTime(l.expiresAt)}` : 'never expires'} · by {nameOf(l.createdBy)}
        </span>
      </span>
      <span className="plain-list__actions">
        <button type="button" className="btn btn--small btn--primary" onClick={() => void copyText(url, input).then((ok) => (setCopied(ok), showToast(ok ? 'Link copied.' : 'Press Ctrl+C to copy the selected link.')))}>
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" className="btn btn--small btn--danger" onClick={onRevoke}>
          Revoke
        </button>
      </span>
    </li>
  );
}
