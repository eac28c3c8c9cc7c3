import express, { type RequestHandler } from 'express';
import type { AppParts } from '../../context.js';
import { authenticate } from '../../context.js';
import { RateLimitedError } from '../../errors.js';
import { isId } from '../../common/ids.js';
import type { SignedQuery } from './file-urls.js';
import { UploadError } from './upload.service.js';

function sendError(res: express.Response, status: number, code: string, message: string, extensions: Record<string, unknown> = {}) {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** ASCII fallback and RFC 5987 form of a file name for Content-Disposition. */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|[\\"%;]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** `POST /uploads` (multipart, Bearer auth) and `GET /files/:id` (signed URLs), as one router. */
export function uploadRoutes(app: AppParts, cors: RequestHandler): express.Router {
  const router = express.Router();
  const uploads = app.services.uploads;

  router.options('/uploads', cors);
  router.post('/uploads', cors, async (req, res) => {
    try {
      const em = app.orm.em.fork();
      const auth = await authenticate(app, em, req.headers.authorization);
      if (!auth.viewer) return sendError(res, 401, 'UNAUTHENTICATED', auth.authError ?? 'Sign in to upload files.');
      const u = await uploads.receive(req, auth.viewer);
      res.status(201).json({ id: u.id, filename: u.filename, contentType: u.contentType, size: u.size, width: u.width ?? null, height: u.height ?? null });
    } catch (err) {
      if (err instanceof UploadError) return sendError(res, err.status, err.code, err.message, err.extensions);
      if (err instanceof RateLimitedError) {
        const retryAfterSeconds = Number(err.extensions.retryAfterSeconds);
        res.setHeader('Retry-After', String(retryAfterSeconds));
        return sendError(res, 429, 'RATE_LIMITED', err.message, { retryAfterSeconds });
      }
      app.logger.error({ err }, 'upload failed');
      if (!res.headersSent) sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
    }
  });

  router.get('/files/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!isId(id)) return sendError(res, 404, 'NOT_FOUND', 'File not found.');
    try {
      const { upload, variant, body } = await uploads.open(id.toLowerCase(), req.query as SignedQuery);
      const thumb = variant === 'thumb';
      res.setHeader('Content-Type', thumb ? 'image/webp' : upload.contentType);
      if (!thumb) res.setHeader('Content-Length', String(upload.size));
      const inline = thumb || upload.contentType.startsWith('image/') || upload.contentType.startsWith('video/') || upload.contentType.startsWith('audio/');
      res.setHeader('Content-Disposition', disposition(inline ? 'inline' : 'attachment', thumb ? `${upload.filename}.webp` : upload.filename));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Never a page of the app's origin, whatever the file holds.
      res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; media-src 'self'; sandbox");
      res.setHeader('Cache-Control', 'private, max-age=300');
      body.on('error', (err) => {
        app.logger.error({ err, uploadId: id }, 'streaming a file failed');
        res.destroy(err);
      });
      body.pipe(res);
    } catch (err) {
      if (err instanceof UploadError) return sendError(res, err.status, err.code, err.message, err.extensions);
      app.logger.error({ err }, 'file read failed');
      sendError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error.');
    }
  });
  return router;
}
