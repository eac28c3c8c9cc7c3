import { useRef } from 'react';
import { FileIcon, PaperclipIcon } from './icons';
import { formatSize } from './upload-client';
import type { PendingUpload } from './useUploads';

/** The composer's paper clip: opens the file picker (several files at once). */
export function AttachButton({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className="icon-btn composer__attach" aria-label="Attach files" title="Attach files" disabled={disabled} onClick={() => input.current?.click()} data-testid="attach-button">
        <PaperclipIcon />
      </button>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="attach-input"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) onFiles(files);
        }}
      />
    </>
  );
}

/** Files picked for the next message: preview, progress bar while uploading, a button to cancel or remove each. */
export function UploadTray({ items, onRemove }: { items: PendingUpload[]; onRemove: (key: string) => void }) {
  if (!items.length) return null;
  return (
    <ul className="upload-tray" aria-label="Attachments to send">
      {items.map((i) => (
        <li key={i.key} className={`upload-tray__item upload-tray__item--${i.status}`} data-testid="pending-upload" data-status={i.status}>
          {i.preview ? <img src={i.preview} alt="" className="upload-tray__thumb" /> : <span className="upload-tray__icon">
              <FileIcon />
            </span>}
          <span className="upload-tray__text">
            <span className="upload-tray__name" title={i.name}>
              {i.name}
            </span>
            <span className="upload-tray__meta">{i.status === 'failed' ? <span className="field__error">{i.error}</span> : formatSize(i.size)}</span>
            {i.status === 'uploading' && <progress className="upload-tray__progress" max={1} value={i.progress} aria-label={`Uploading ${i.name}`} />}
          </span>
          <button type="button" className="icon-btn" aria-label={i.status === 'uploading' ? `Cancel upload of ${i.name}` : `Remove ${i.name}`} onClick={() => onRemove(i.key)}>
            ×
          </button>
        </li>
      ))}
    </ul>
  );
}
