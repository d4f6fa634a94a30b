/** Image rules shared by the upload and the serving routes. */

/** Widths the resize route serves; anything else is a 400, so variants cannot be used to flood the cache. */
export const IMAGE_WIDTHS = [64, 128, 256, 384, 512, 768, 1024, 1536] as const;
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
export const MAX_IMAGE_DIMENSION = 6000;
/** `<kind>/<owner id or 'placeholder'>/<image id or name>.<ext>`: no dots or slashes beyond these, so no traversal. */
export const IMAGE_KEY_PATTERN = /^(products|brands|categories|articles)\/[0-9A-Za-z-]{2,40}\/[0-9A-Za-z-]{2,80}\.(png|jpg|webp)$/;

export type ImageType = 'image/png' | 'image/jpeg' | 'image/webp';
export const EXTENSION: Record<ImageType, 'png' | 'jpg' | 'webp'> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/webp': 'webp' };

/** Detects the real type from the first bytes; the declared Content-Type is never trusted. */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (
    bytes.length >= 12 &&
    String.fromCharCode(...bytes.subarray(0, 4)) === 'RIFF' &&
    String.fromCharCode(...bytes.subarray(8, 12)) === 'WEBP'
  ) {
    return 'image/webp';
  }
  return null;
}

/** Output format for a resized variant: WebP when the client accepts it, else the original type. */
export function variantFormat(accept: string | undefined, original: ImageType): ImageType {
  return accept && /image\/webp|\*\/\*|image\/\*/.test(accept) ? 'image/webp' : original;
}
