/**
 * Prescription files (ADR 0029): the real type from the bytes (JPEG, PNG, WebP, PDF; the name and declared type are
 * never trusted), size caps (an image 8 MiB, a PDF 10 MiB; up to 5 images OR 1 PDF), and image metadata removed before
 * anything is stored: a phone photo's EXIF carries the GPS position of the shopper's home.
 *
 * No maintained metadata stripper runs in workerd without Node streams or a WASM codec (exif-be-gone is a Node
 * Transform stream, piexifjs handles JPEG only, re-encoding through the Images binding changes the pixels and is not
 * available in local tests), so this is a small byte-level stripper that walks the container and keeps only the
 * segments an image needs to render:
 * - JPEG: every APPn segment except APP0 (JFIF), APP2 ICC_PROFILE and APP14 (Adobe colour transform) is dropped —
 *   APP1 (Exif, XMP), APP13 (Photoshop IRB/IPTC) and the rest — and COM comments too, also between the scans of a
 *   progressive image; the entropy-coded data is copied verbatim.
 * - PNG: eXIf, tEXt, iTXt, zTXt and tIME chunks are dropped; every other chunk is copied with its CRC.
 * - WebP: EXIF and XMP chunks are dropped and the VP8X header's EXIF/XMP flags cleared; the RIFF size is rewritten.
 * A file whose structure does not parse is refused (415 INVALID_FILE) rather than stored unstripped.
 */
import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationError } from '../errors';

export type ConsultationFileType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';
export const FILE_EXTENSION: Record<ConsultationFileType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

export const MAX_IMAGE_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_PDF_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGES = 5;
export const MAX_PDFS = 1;
/** The body cap of a submission: five full images plus the form fields. */
export const MAX_SUBMISSION_BYTES = MAX_IMAGES * MAX_IMAGE_FILE_BYTES + 256 * 1024;

const ascii = (b: Uint8Array, from: number, len: number) => String.fromCharCode(...b.subarray(from, from + len));

/** The real type of a file from its first bytes, or null. */
export function sniffConsultationFile(b: Uint8Array): ConsultationFileType | null {
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a) return 'image/png';
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 16 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') return 'image/webp';
  if (b.length >= 8 && ascii(b, 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}

export class MalformedImage extends Error {}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ---- JPEG ---------------------------------------------------------------------------------------------------------
const keepJpegApp = (marker: number, seg: Uint8Array): boolean => {
  if (marker === 0xe0) return true; // APP0: JFIF / JFXX
  if (marker === 0xe2) return ascii(seg, 4, 12) === 'ICC_PROFILE\0'; // APP2: ICC colour profile only (not FlashPix/MPF)
  if (marker === 0xee) return true; // APP14: Adobe colour transform
  return false;
};

export function stripJpeg(b: Uint8Array): Uint8Array {
  if (b[0] !== 0xff || b[1] !== 0xd8) throw new MalformedImage('no SOI');
  const parts: Uint8Array[] = [b.subarray(0, 2)];
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) throw new MalformedImage('expected a marker');
    let j = i;
    while (j < b.length && b[j] === 0xff) j++; // fill bytes
    if (j >= b.length) throw new MalformedImage('truncated marker');
    const marker = b[j]!;
    const start = j - 1;
    if (marker === 0xd9) {
      parts.push(b.subarray(start, j + 1)); // EOI
      return concat(parts);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(b.subarray(start, j + 1));
      i = j + 1;
      continue;
    }
    if (j + 2 >= b.length) throw new MalformedImage('truncated segment');
    const len = (b[j + 1]! << 8) | b[j + 2]!;
    if (len < 2 || j + 1 + len > b.length) throw new MalformedImage('bad segment length');
    const end = j + 1 + len;
    const seg = b.subarray(start, end);
    if (marker === 0xda) {
      // Start of scan: the header, then the entropy-coded data up to the next marker (0xFF followed by neither a
      // stuffed 0x00 nor a restart marker). Further segments (tables, more scans of a progressive image, or metadata
      // placed between scans) are walked like the ones before.
      let k = end;
      while (k < b.length) {
        if (b[k] !== 0xff) {
          k++;
          continue;
        }
        let m = k + 1;
        while (m < b.length && b[m] === 0xff) m++;
        if (m < b.length && (b[m] === 0x00 || (b[m]! >= 0xd0 && b[m]! <= 0xd7))) {
          k = m + 1;
          continue;
        }
        break;
      }
      parts.push(b.subarray(start, k));
      if (k >= b.length) return concat(parts); // no EOI: kept as browsers show it
      i = k;
      continue;
    }
    const isApp = marker >= 0xe0 && marker <= 0xef;
    if (marker === 0xfe || (isApp && !keepJpegApp(marker, seg))) {
      // dropped: COM and metadata APPn segments
    } else {
      parts.push(seg);
    }
    i = end;
  }
  throw new MalformedImage('no image data');
}

// ---- PNG ----------------------------------------------------------------------------------------------------------
const PNG_DROP = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt', 'tIME']);

export function stripPng(b: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let i = 8;
  let first = true;
  while (i + 12 <= b.length) {
    const len = view.getUint32(i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + len;
    if (end > b.length || !/^[A-Za-z]{4}$/.test(type)) throw new MalformedImage('bad chunk');
    if (first && type !== 'IHDR') throw new MalformedImage('IHDR first');
    first = false;
    if (!PNG_DROP.has(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return concat(parts);
  }
  throw new MalformedImage('no IEND');
}

// ---- WebP ---------------------------------------------------------------------------------------------------------
const WEBP_DROP = new Set(['EXIF', 'XMP ']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

export function stripWebp(b: Uint8Array): Uint8Array {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > b.length || riffEnd < 12) throw new MalformedImage('bad RIFF size');
  const chunks: Uint8Array[] = [];
  let i = 12;
  while (i + 8 <= riffEnd) {
    const type = ascii(b, i, 4);
    const len = view.getUint32(i + 4, true);
    const end = i + 8 + len + (len & 1);
    if (i + 8 + len > riffEnd) throw new MalformedImage('bad chunk');
    if (!WEBP_DROP.has(type)) {
      const chunk = b.slice(i, Math.min(end, riffEnd));
      if (type === 'VP8X' && len >= 1) chunk[8] = chunk[8]! & ~(VP8X_EXIF | VP8X_XMP);
      chunks.push(chunk);
    }
    i = end;
  }
  if (chunks.length === 0) throw new MalformedImage('no chunks');
  const body = concat(chunks);
  const head = new Uint8Array(12);
  head.set(b.subarray(0, 12));
  new DataView(head.buffer).setUint32(4, 4 + body.length, true);
  return concat([head, body]);
}

/** The image without its metadata (EXIF/GPS, XMP, IPTC, comments); throws MalformedImage when it does not parse. */
export function stripImageMetadata(type: Exclude<ConsultationFileType, 'application/pdf'>, bytes: Uint8Array): Uint8Array {
  if (type === 'image/jpeg') return stripJpeg(bytes);
  if (type === 'image/png') return stripPng(bytes);
  return stripWebp(bytes);
}

// ---- A submission's files -----------------------------------------------------------------------------------------
export type ConsultationFileKind = 'image' | 'pdf';

export const fileKind = (type: ConsultationFileType): ConsultationFileKind => (type === 'application/pdf' ? 'pdf' : 'image');

/** Why a file may not join a submission (the api maps it to an error, the form to a sentence). */
export type FileRefusal =
  | { code: 'FILE_EMPTY' }
  | { code: 'UNSUPPORTED_FILE_TYPE' }
  | { code: 'FILE_TOO_LARGE'; kind: ConsultationFileKind; maxBytes: number }
  /** `pdf`: a PDF after another PDF or after images; `image_after_pdf`: an image after the PDF; `images`: a 6th image. */
  | { code: 'TOO_MANY_FILES'; reason: 'pdf' | 'image_after_pdf' | 'images' };

/**
 * THE admission rule of a consultation's files (ADR 0029), one file at a time: may a file of this sniffed `kind`
 * (null: not a JPEG/PNG/WebP/PDF) and `size` join the files already admitted? Up to 5 images OR 1 PDF, never both; an
 * image at most 8 MiB, a PDF 10 MiB; no empty file. Pure (no I/O, no zod): the api's `prepareFiles` and the
 * storefront's form (web/src/lib/consultation-files.ts) both ask it. Null when admitted.
 */
export function fileRefusal(admitted: { images: number; pdfs: number }, f: { kind: ConsultationFileKind | null; size: number }): FileRefusal | null {
  if (f.size === 0) return { code: 'FILE_EMPTY' };
  if (f.kind === null) return { code: 'UNSUPPORTED_FILE_TYPE' };
  const maxBytes = f.kind === 'pdf' ? MAX_PDF_BYTES : MAX_IMAGE_FILE_BYTES;
  if (f.size > maxBytes) return { code: 'FILE_TOO_LARGE', kind: f.kind, maxBytes };
  if (f.kind === 'pdf' && (admitted.pdfs >= MAX_PDFS || admitted.images > 0)) return { code: 'TOO_MANY_FILES', reason: 'pdf' };
  if (f.kind === 'image' && admitted.pdfs > 0) return { code: 'TOO_MANY_FILES', reason: 'image_after_pdf' };
  if (f.kind === 'image' && admitted.images >= MAX_IMAGES) return { code: 'TOO_MANY_FILES', reason: 'images' };
  return null;
}

export interface PreparedFile {
  contentType: ConsultationFileType;
  bytes: Uint8Array;
}

const MIB = 1024 * 1024;

/** The api's error for a refused file; `details.index` names it (never its name: file names are health data). */
function refusalError(r: FileRefusal, index: number): Error {
  switch (r.code) {
    case 'FILE_EMPTY':
      return new ValidationError('Tệp rỗng.', { index }, 'FILE_EMPTY');
    case 'UNSUPPORTED_FILE_TYPE':
      return new UnsupportedMediaTypeError('Chỉ nhận ảnh JPEG, PNG, WebP hoặc tệp PDF.', 'UNSUPPORTED_FILE_TYPE', { index });
    case 'FILE_TOO_LARGE':
      return new PayloadTooLargeError(`${r.kind === 'pdf' ? 'Tệp PDF' : 'Ảnh'} vượt quá ${r.maxBytes / MIB} MiB.`, 'FILE_TOO_LARGE', { index, maxBytes: r.maxBytes });
    case 'TOO_MANY_FILES':
      return new ValidationError(
        r.reason === 'images' ? `Tối đa ${MAX_IMAGES} ảnh.` : `Chỉ gửi 1 tệp PDF, hoặc tối đa ${MAX_IMAGES} ảnh (không gửi lẫn PDF và ảnh).`,
        { index },
        'TOO_MANY_FILES',
      );
  }
}

/**
 * Checks a submission's files in order against `fileRefusal` and answers what to store: each file's real type (from
 * the bytes), metadata stripped from images. The first refused file stops the submission.
 */
export async function prepareFiles(files: File[]): Promise<PreparedFile[]> {
  const out: PreparedFile[] = [];
  const admitted = { images: 0, pdfs: 0 };
  for (const [index, f] of files.entries()) {
    const bytes = f.size === 0 ? new Uint8Array() : new Uint8Array(await f.arrayBuffer());
    const type = sniffConsultationFile(bytes);
    const kind = type && fileKind(type);
    const refusal = fileRefusal(admitted, { kind, size: bytes.length });
    if (refusal) throw refusalError(refusal, index);
    if (type === 'application/pdf') {
      admitted.pdfs++;
      out.push({ contentType: type, bytes });
      continue;
    }
    admitted.images++;
    try {
      out.push({ contentType: type!, bytes: stripImageMetadata(type!, bytes) });
    } catch (e) {
      if (e instanceof MalformedImage || e instanceof RangeError) throw new UnsupportedMediaTypeError('Tệp ảnh bị hỏng hoặc không hợp lệ.', 'INVALID_FILE', { index });
      throw e;
    }
  }
  return out;
}
