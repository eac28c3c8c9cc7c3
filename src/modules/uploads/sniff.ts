/** How many leading bytes `sniffType` wants (fewer only when the whole file is shorter). */
export const SNIFF_BYTES = 4096;

function startsWith(buf: Buffer, bytes: number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[offset + i] !== bytes[i]) return false;
  return true;
}

const ascii = (buf: Buffer, offset: number, text: string) => startsWith(buf, [...Buffer.from(text, 'latin1')], offset);

/** Valid UTF-8 with no NUL or other control bytes except tab, newline, carriage return and form feed. */
function looksLikeText(buf: Buffer, complete: boolean): boolean {
  if (!buf.length) return false;
  for (const b of buf) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) return false;
  // A multi-byte character may be cut at the end of the sample: drop up to 3 trailing bytes of it before decoding.
  let end = buf.length;
  if (!complete) {
    let i = buf.length - 1;
    while (i >= 0 && i >= buf.length - 4 && (buf[i] & 0xc0) === 0x80) i--;
    if (i >= 0 && buf[i] >= 0xc0) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, end));
    return true;
  } catch {
    return false;
  }
}

/**
 * The content type of a file from its first bytes (magic numbers), never from its name or the client's header.
 * `complete` says the sample is the whole file. Undefined when it is none of the types Parley knows.
 */
export function sniffType(head: Buffer, complete = false): string | undefined {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(head, 0, 'GIF87a') || ascii(head, 0, 'GIF89a')) return 'image/gif';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WEBP')) return 'image/webp';
  if (ascii(head, 0, 'RIFF') && ascii(head, 8, 'WAVE')) return 'audio/wav';
  if (ascii(head, 0, '%PDF-')) return 'application/pdf';
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06])) return 'application/zip';
  if (ascii(head, 4, 'ftyp') && /^(isom|iso[2-9]|mp4[12]|avc1|M4V |mp71|dash|MSNV)/.test(head.subarray(8, 12).toString('latin1'))) return 'video/mp4';
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return 'video/webm';
  if (ascii(head, 0, 'OggS')) return 'audio/ogg';
  if (ascii(head, 0, 'ID3') || (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x06) !== 0)) return 'audio/mpeg';
  if (looksLikeText(head, complete)) return 'text/plain';
  return undefined;
}

/** The usual file extension for a detected type (for a name that has none). */
export const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/zip': 'zip',
  'text/plain': 'txt',
  'video/mp4': 'mp4',
  'video/webm': 'webm',
  'audio/mpeg': 'mp3',
  'audio/ogg': 'ogg',
  'audio/wav': 'wav',
};
