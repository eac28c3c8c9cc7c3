import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../lib/errors';
import { Dialog } from './Dialog';
import { FormError } from './Field';

interface Props {
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  /** Red confirm button: the action removes or blocks something. */
  danger?: boolean;
  /** Ask for a reason (e.g. a ban): the text is passed to onConfirm. */
  reasonLabel?: string;
  /** Does the action; a thrown error is shown in the dialog, which stays open. */
  onConfirm: (reason: string) => Promise<unknown> | unknown;
  onClose: () => void;
}

/** "Are you sure?" for an action that is hard to undo: says what will happen, optionally takes a reason. */
export function ConfirmDialog({ title, children, confirmLabel, danger, reasonLabel, onConfirm, onClose }: Props) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const reasonId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (err) {
      setError(errorMessage(err) ?? 'That did not work. Try again.');
      setBusy(false);
    }
  }

  return (
    <Dialog title={title} onClose={onClose} role="alertdialog" testId="confirm-dialog">
      <form onSubmit={submit} noValidate>
        {children && <div className="confirm__text">{children}</div>}
        {reasonLabel && (
          <div className="field">
            <label htmlFor={reasonId}>{reasonLabel}</label>
            <textarea id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={500} />
          </div>
        )}
        <FormError message={error} />
        <div className="dialog__actions">
          <button type="button" className="btn" onClick={onClose} data-autofocus={reasonLabel ? undefined : true}>
            Cancel
          </button>
          <button type="submit" className={`btn ${danger ? 'btn--danger' : 'btn--primary'}`} disabled={busy}>
            {busy ? 'Working…' : confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
