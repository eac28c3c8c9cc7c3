import { readFile } from 'node:fs/promises';
import sharp from 'sharp';

/** Images Parley measures and thumbnails; other types are stored as they came. */
export const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Decoding stops past this many pixels (a small file can claim a huge canvas). */
const MAX_PIXELS = 60_000_000;
export const THUMBNAIL_SIZE = 320;

export interface ProcessedImage {
  width: number;
  height: number;
  /** The image to store instead of the upload, when the upload carried metadata (EXIF, XMP, IPTC). */
  cleaned?: Buffer;
  thumbnail: Buffer;
}

export class ImageDecodeError extends Error {}

/**
 * Whether a GIF carries XMP (which can hold a GPS location): GIF has no EXIF, and libvips does not report the XMP
 * application extension a GIF may hold (its metadata() says nothing), so its block's identifier is looked for.
 */
async function gifCarriesXmp(file: string): Promise<boolean> {
  const bytes = await readFile(file);
  return bytes.includes(GIF_XMP_EXTENSION);
}
/** Extension introducer, application label, block size 11, then the identifier "XMP Data" and the code "XMP". */
const GIF_XMP_EXTENSION = Buffer.concat([Buffer.from([0x21, 0xff, 0x0b]), Buffer.from('XMP DataXMP', 'latin1')]);

/**
 * Size, a WebP thumbnail (an animated GIF's or WebP's first frame), and, when the upload carries metadata such as
 * EXIF (camera, GPS location), the image re-encoded without it. Orientation from EXIF is applied first, so the
 * cleaned image and the thumbnail look the way the camera meant. Images without metadata are kept byte for byte.
 */
export async function processImage(file: string, type: string): Promise<ProcessedImage> {
  try {
    const input = () => sharp(file, { limitInputPixels: MAX_PIXELS, pages: 1 });
    const meta = await input().metadata();
    if (!meta.width || !meta.height) throw new ImageDecodeError('no dimensions');
    const rotated = (meta.orientation ?? 1) >= 5;
    const width = rotated ? meta.height : meta.width;
    // A multi-page image reports the height of all its frames stacked; pageHeight is one frame's.
    const frameHeight = meta.pageHeight ?? meta.height;
    const height = rotated ? meta.width : frameHeight;
    const thumbnail = await input().rotate().resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 72 }).toBuffer();
    let cleaned: Buffer | undefined;
    if (type === 'image/gif') {
      // Every frame kept; sharp writes no XMP into a GIF, so re-encoding drops it.
      if (await gifCarriesXmp(file)) cleaned = await sharp(file, { limitInputPixels: MAX_PIXELS, animated: true }).gif().toBuffer();
    } else if (!!(meta.exif || meta.xmp || meta.iptc) || (meta.orientation ?? 1) !== 1) {
      // sharp writes no metadata unless asked to (withMetadata/keepExif): re-encoding drops it.
      const all = sharp(file, { limitInputPixels: MAX_PIXELS, animated: type === 'image/webp' }).rotate();
      cleaned = await (type === 'image/jpeg' ? all.jpeg({ quality: 90 }) : type === 'image/png' ? all.png() : all.webp({ quality: 90 })).toBuffer();
    }
    return { width, height, cleaned, thumbnail };
  } catch (err) {
    throw err instanceof ImageDecodeError ? err : new ImageDecodeError((err as Error).message);
  }
}
