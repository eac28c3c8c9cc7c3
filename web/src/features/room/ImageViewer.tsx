import { useEffect, useRef } from 'react';

/** The full-size image over the page: Escape, the close button or a click outside the image closes it. */
export function ImageViewer({ src, alt, onClose }: { src: string; alt: string; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="image-viewer"
      aria-label={alt}
      data-testid="image-viewer"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (!(e.target instanceof HTMLImageElement) && !(e.target instanceof HTMLAnchorElement)) onClose();
      }}
    >
      <img src={src} alt={alt} className="image-viewer__img" />
      <div className="image-viewer__bar">
        <span className="image-viewer__name">{alt}</span>
        <a href={src} download={alt} className="btn btn--small">
          Download
        </a>
        <button type="button" className="btn btn--small" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </dialog>
  );
}
