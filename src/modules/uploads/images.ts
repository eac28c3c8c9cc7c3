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
    const carriesMetadata = !!(meta.exif || meta.xmp || meta.iptc) || (meta.orientation ?? 1) !== 1;
    if (carriesMetadata && type !== 'image/gif') {
      // sharp writes no metadata unless asked to (withMetadata/keepExif): re-encoding drops it.
      const all = sharp(file, { limitInputPixels: MAX_PIXELS, animated: type === 'image/webp' }).rotate();
      cleaned = await (type === 'image/jpeg' ? all.jpeg({ quality: 90 }) : type === 'image/png' ? all.png() : all.webp({ quality: 90 })).toBuffer();
    }
    return { width, height, cleaned, thumbnail };
  } catch (err) {
    throw err instanceof ImageDecodeError ? err : new ImageDecodeError((err as Error).message);
  }
}
