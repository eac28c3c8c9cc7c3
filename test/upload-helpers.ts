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

/** An image (JPEG by default) carrying EXIF with a camera make and a GPS position. */
export function imageWithLocation(format: 'jpeg' | 'png' | 'webp', width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#00ff00' } })
    [format]()
    .withExif({ IFD0: { Make: 'TestCam' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '48/1 51/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '2/1 21/1 0/1' } })
    .toBuffer();
}

export function jpegWithLocation(width = 64, height = 48): Promise<Buffer> {
  return imageWithLocation('jpeg', width, height);
}

/** A two-frame animated GIF: red, then blue. */
export async function animatedGif(): Promise<Buffer> {
  const [red, blue] = await Promise.all(['#ff0000', '#0000ff'].map((c) => png(40, 30, c)));
  return sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
}

/**
 * An animated GIF whose XMP (an application extension, written the way XMP writers do: the packet unblocked, then
 * the 258-byte "magic trailer" that keeps GIF decoders in step) holds a GPS location, before the GIF's trailer.
 */
export async function animatedGifWithXmpLocation(): Promise<Buffer> {
  const gif = await animatedGif();
  const packet = Buffer.from(
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="48,51.4N" exif:GPSLongitude="2,21.1E"/></rdf:RDF></x:xmpmeta>',
  );
  const magic = Buffer.from([0x01, ...Array.from({ length: 256 }, (_, i) => 255 - i), 0x00]);
  const block = Buffer.concat([Buffer.from([0x21, 0xff, 0x0b]), Buffer.from('XMP DataXMP'), packet, magic]);
  return Buffer.concat([gif.subarray(0, gif.length - 1), block, gif.subarray(gif.length - 1)]);
}

/** The colour of an image's centre pixel. */
export async function centre(bytes: Buffer): Promise<[number, number, number]> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const i = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}
