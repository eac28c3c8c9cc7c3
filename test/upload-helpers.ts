import sharp from 'sharp';
import type { TestServer, TestUser } from './harness.js';

export function origin(t: TestServer): string {
  return t.url.replace(/\/graphql$/, '');
}

export interface UploadResponse {
  status: number;
  body: any;
  headers: Headers;
}

/** POST /uploads with one `file` part, as a browser's FormData sends it. */
export async function upload(t: TestServer, token: string | null, bytes: Buffer, filename = 'file.bin', claimedType = 'application/octet-stream'): Promise<UploadResponse> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type: claimedType }), filename);
  const res = await fetch(`${origin(t)}/uploads`, { method: 'POST', body: form, headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Uploads and expects 201; returns the upload's id. */
export async function uploadOk(t: TestServer, u: TestUser, bytes: Buffer, filename = 'file.bin'): Promise<any> {
  const r = await upload(t, u.accessToken, bytes, filename);
  if (r.status !== 201) throw new Error(`upload failed ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body;
}

/** GET a (relative) file URL; returns the status and bytes. */
export async function getFile(t: TestServer, url: string): Promise<{ status: number; bytes: Buffer; type: string | null; body: any }> {
  const res = await fetch(new URL(url, origin(t)));
  const bytes = Buffer.from(await res.arrayBuffer());
  const type = res.headers.get('content-type');
  let body: any;
  if (type?.startsWith('application/json')) body = JSON.parse(bytes.toString());
  return { status: res.status, bytes, type, body };
}

export function png(width = 40, height = 30, color = '#ff0000'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: color } }).png().toBuffer();
}

/** A JPEG carrying EXIF with a camera make and a GPS position. */
export function jpegWithLocation(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#00ff00' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' } })
    .toBuffer();
}

/** A two-frame animated GIF: red, then blue. */
export async function animatedGif(): Promise<Buffer> {
  const [red, blue] = await Promise.all(['#ff0000', '#0000ff'].map((c) => png(40, 30, c)));
  return sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
}

/** The colour of an image's centre pixel. */
export async function centre(bytes: Buffer): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}
