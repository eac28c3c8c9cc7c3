import { useState } from 'react';
import type { MessageItem_MessageFragment } from '../../gql/graphql';
import { FileIcon } from './icons';
import { ImageViewer } from './ImageViewer';
import { formatSize } from './upload-client';
import './rich.css';

type Attachment = MessageItem_MessageFragment['attachments'][number];

const PREVIEW_MAX = 240;

/** Images as thumbnails (click: the full-size viewer), other files as cards with name, size and a download link. */
export function Attachments({ attachments }: { attachments: Attachment[] }) {
  const [open, setOpen] = useState<Attachment | null>(null);
  if (!attachments.length) return null;
  const images = attachments.filter((a) => a.thumbnailUrl);
  const files = attachments.filter((a) => !a.thumbnailUrl);
  return (
    <div className="attachments">
      {images.length > 0 && (
        <div className="attachments__images">
          {images.map((a) => {
            // Reserve the thumbnail's box before it loads, so the list does not jump.
            const scale = a.width && a.height ? Math.min(1, PREVIEW_MAX / Math.max(a.width, a.height)) : 1;
            return (
              <button key={a.id} type="button" className="attachments__image" onClick={() => setOpen(a)} aria-label={`Open image ${a.filename}`} data-testid="attachment-image">
                <img src={a.thumbnailUrl!} alt={a.filename} loading="lazy" width={a.width ? Math.round(a.width * scale) : undefined} height={a.height ? Math.round(a.height * scale) : undefined} />
              </button>
            );
          })}
        </div>
      )}
      {files.map((a) => (
        <div key={a.id} className="file-card" data-testid="attachment-file">
          <span className="file-card__icon">
            <FileIcon />
          </span>
          <span className="file-card__text">
            <span className="file-card__name" title={a.filename}>
              {a.filename}
            </span>
            <span className="file-card__meta">
              {formatSize(a.size)} · {a.contentType}
            </span>
          </span>
          <a className="btn btn--small" href={a.url} download={a.filename} aria-label={`Download ${a.filename}`}>
            Download
          </a>
        </div>
      ))}
      {open && <ImageViewer src={open.url} alt={open.filename} onClose={() => setOpen(null)} />}
    </div>
  );
}
