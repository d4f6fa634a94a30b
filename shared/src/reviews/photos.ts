/**
 * A review's photos (#17, ADR 0037): up to 3 images, the type from the bytes (JPEG/PNG/WebP; the name and declared
 * type are never trusted), 8 MiB each, metadata (EXIF/GPS, XMP, IPTC, comments) removed before storage. The sniffing
 * and the byte-level stripper are THE ones of consultation files (consultations/files.ts): one owner.
 */
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';
import { MalformedImage, MAX_IMAGE_FILE_BYTES, sniffConsultationFile, stripImageMetadata } from '../consultations/files';
import { MAX_REVIEW_PHOTOS } from './rules';

export type ReviewPhotoType = 'image/jpeg' | 'image/png' | 'image/webp';
export const MAX_REVIEW_PHOTO_BYTES = MAX_IMAGE_FILE_BYTES;
/** The body cap of a review submission: three full photos plus the JSON payload. */
export const MAX_REVIEW_SUBMISSION_BYTES = MAX_REVIEW_PHOTOS * MAX_REVIEW_PHOTO_BYTES + 64 * 1024;

export interface PreparedPhoto {
  contentType: ReviewPhotoType;
  bytes: Uint8Array;
}

/** Checks the photos in order and answers what to store; the first refused photo stops the submission. */
export async function prepareReviewPhotos(files: File[]): Promise<PreparedPhoto[]> {
  if (files.length > MAX_REVIEW_PHOTOS) throw new ValidationError(`Tối đa ${MAX_REVIEW_PHOTOS} ảnh cho một đánh giá.`, { index: MAX_REVIEW_PHOTOS }, 'TOO_MANY_FILES');
  const out: PreparedPhoto[] = [];
  for (const [index, f] of files.entries()) {
    if (f.size === 0) throw new ValidationError('Tệp rỗng.', { index }, 'FILE_EMPTY');
    if (f.size > MAX_REVIEW_PHOTO_BYTES) throw new PayloadTooLargeError(`Ảnh vượt quá ${MAX_REVIEW_PHOTO_BYTES / 1024 / 1024} MiB.`, 'FILE_TOO_LARGE', { index, maxBytes: MAX_REVIEW_PHOTO_BYTES });
    const bytes = new Uint8Array(await f.arrayBuffer());
    const type = sniffConsultationFile(bytes);
    if (type === null || type === 'application/pdf') throw new UnsupportedMediaTypeError('Chỉ nhận ảnh JPEG, PNG hoặc WebP.', 'UNSUPPORTED_FILE_TYPE', { index });
    try {
      out.push({ contentType: type, bytes: stripImageMetadata(type, bytes) });
    } catch (e) {
      if (e instanceof MalformedImage || e instanceof RangeError) throw new UnsupportedMediaTypeError('Tệp ảnh bị hỏng hoặc không hợp lệ.', 'INVALID_FILE', { index });
      throw e;
    }
  }
  return out;
}
