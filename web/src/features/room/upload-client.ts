import { freshAccessToken, refreshSession } from '../../apollo/session';

export interface UploadedFile {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
}

export interface UploadTask {
  promise: Promise<UploadedFile>;
  abort(): void;
}

export class UploadFailed extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** POST /uploads with XMLHttpRequest (fetch has no upload progress); signs in again once on 401. */
export function uploadFile(file: File, onProgress: (fraction: number) => void): UploadTask {
  let xhr: XMLHttpRequest | undefined;
  let aborted = false;
  const once = (token: string | null) =>
    new Promise<UploadedFile>((resolve, reject) => {
      const req = new XMLHttpRequest();
      xhr = req;
      req.open('POST', '/uploads');
      if (token) req.setRequestHeader('Authorization', `Bearer ${token}`);
      req.upload.onprogress = (e) => {
        if (e.lengthComputable) onProgress(e.loaded / e.total);
      };
      req.onload = () => {
        let body: { errors?: Array<{ message: string }> } & Partial<UploadedFile> = {};
        try {
          body = JSON.parse(req.responseText);
        } catch {
          // not JSON: a proxy's page
        }
        if (req.status === 201) return resolve(body as UploadedFile);
        reject(new UploadFailed(body.errors?.[0]?.message ?? `Upload failed (${req.status}).`, req.status));
      };
      req.onerror = () => reject(new UploadFailed('Could not reach the server.', 0));
      req.onabort = () => reject(new UploadFailed('Cancelled.', -1));
      const form = new FormData();
      form.append('file', file, file.name || 'pasted');
      req.send(form);
    });
  const promise = (async () => {
    try {
      return await once(await freshAccessToken());
    } catch (err) {
      if (!(err instanceof UploadFailed) || err.status !== 401 || aborted) throw err;
      const s = await refreshSession();
      return once(s?.accessToken ?? null);
    }
  })();
  return {
    promise,
    abort() {
      aborted = true;
      xhr?.abort();
    },
  };
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
