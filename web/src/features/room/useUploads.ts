import { useCallback, useEffect, useRef, useState } from 'react';
import { uploadFile, type UploadedFile, type UploadTask } from './upload-client';

export const MAX_ATTACHMENTS = 10;

/** A file on its way up (or up), shown in the composer's tray. */
export interface PendingUpload {
  key: string;
  name: string;
  size: number;
  /** An object URL for images, to preview before the server answers. */
  preview?: string;
  progress: number;
  status: 'uploading' | 'done' | 'failed';
  error?: string;
  uploaded?: UploadedFile;
}

let counter = 0;

/** The composer's attachments: uploads start as soon as files are picked, pasted or dropped; each can be cancelled. */
export function useUploads() {
  const [items, setItems] = useState<PendingUpload[]>([]);
  const tasks = useRef(new Map<string, UploadTask>());

  const patch = (key: string, p: Partial<PendingUpload>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...p } : i)));

  const count = useRef(0);
  count.current = items.length;

  const add = useCallback((files: File[]) => {
    // Side effects outside the state updater (React may run an updater twice).
    const room = MAX_ATTACHMENTS - count.current;
    const next = files.slice(0, Math.max(0, room)).map((file) => {
      const key = `u${++counter}`;
      const item: PendingUpload = { key, name: file.name || 'pasted image', size: file.size, progress: 0, status: 'uploading', preview: file.type.startsWith('image/') ? URL.createObjectURL(file) : undefined };
      const task = uploadFile(file, (progress) => patch(key, { progress }));
      tasks.current.set(key, task);
      task.promise.then(
        (uploaded) => patch(key, { status: 'done', progress: 1, uploaded }),
        (err: Error & { status?: number }) => {
          if (err.status !== -1) patch(key, { status: 'failed', error: err.message });
        },
      );
      return item;
    });
    count.current += next.length;
    setItems((list) => [...list, ...next]);
  }, []);

  const remove = useCallback((key: string) => {
    tasks.current.get(key)?.abort();
    tasks.current.delete(key);
    setItems((list) => {
      const gone = list.find((i) => i.key === key);
      if (gone?.preview) URL.revokeObjectURL(gone.preview);
      return list.filter((i) => i.key !== key);
    });
  }, []);

  /** After a send: the tray empties (the uploads now belong to the message). */
  const clear = useCallback(() => {
    setItems((list) => {
      for (const i of list) if (i.preview) URL.revokeObjectURL(i.preview);
      return [];
    });
    tasks.current.clear();
  }, []);

  useEffect(() => () => tasks.current.forEach((t) => t.abort()), []);

  return {
    items,
    add,
    remove,
    clear,
    busy: items.some((i) => i.status === 'uploading'),
    ready: items.filter((i) => i.status === 'done').map((i) => i.uploaded!),
  };
}
