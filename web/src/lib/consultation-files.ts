/**
 * The consultation form's checks on picked files, before anything is uploaded: the api's own rule
 * (shared/src/consultations/files.ts: the type read from the bytes, not the name; image and PDF size caps; up to 5
 * images OR 1 PDF), so a shopper hears about a wrong file at once instead of after the upload. The api checks again.
 */
import { MAX_IMAGE_FILE_BYTES, MAX_IMAGES, MAX_PDF_BYTES, MAX_PDFS, sniffConsultationFile } from '../../../shared/src/consultations/files';

export type FileKind = 'image' | 'pdf';

/** What the file input offers (the bytes decide, this only narrows the picker). */
export const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf';

/** JPEG, PNG, WebP or PDF from the first bytes, as the api sniffs them, else null. */
export function sniff(head: Uint8Array): { kind: FileKind; contentType: string } | null {
  const type = sniffConsultationFile(head);
  return type ? { kind: type === 'application/pdf' ? 'pdf' : 'image', contentType: type } : null;
}

export const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

export interface PickedFile {
  id: string;
  file: File;
  kind: FileKind;
  contentType: string;
  /** A data: URL of an image (the storefront's CSP allows data: images, not blob:), null for a PDF. */
  preview: string | null;
}

/**
 * Which of `added` may join `current`, and a Vietnamese reason for each refused one. `kinds` are the sniffed kinds of
 * `added`, in order (null: not a JPEG/PNG/WebP/PDF).
 */
export function admitFiles(current: ReadonlyArray<{ kind: FileKind }>, added: ReadonlyArray<{ name: string; size: number; kind: FileKind | null }>): { accepted: number[]; errors: string[] } {
  const accepted: number[] = [];
  const errors: string[] = [];
  let images = current.filter((f) => f.kind === 'image').length;
  let pdfs = current.filter((f) => f.kind === 'pdf').length;
  added.forEach((f, i) => {
    if (f.kind === null) return errors.push(`“${f.name}” không phải ảnh JPEG, PNG, WebP hoặc tệp PDF.`);
    if (f.size === 0) return errors.push(`“${f.name}” là tệp rỗng.`);
    if (f.kind === 'image' && f.size > MAX_IMAGE_FILE_BYTES) return errors.push(`Ảnh “${f.name}” lớn hơn ${MAX_IMAGE_FILE_BYTES / 1024 / 1024} MB.`);
    if (f.kind === 'pdf' && f.size > MAX_PDF_BYTES) return errors.push(`Tệp PDF “${f.name}” lớn hơn ${MAX_PDF_BYTES / 1024 / 1024} MB.`);
    if (f.kind === 'pdf' && (pdfs >= MAX_PDFS || images > 0)) return errors.push(`Chỉ gửi được 1 tệp PDF, hoặc tối đa 5 ảnh (không gửi kèm cả hai): “${f.name}” chưa được thêm.`);
    if (f.kind === 'image' && pdfs > 0) return errors.push(`Đã có tệp PDF: gửi 1 tệp PDF hoặc tối đa 5 ảnh. “${f.name}” chưa được thêm.`);
    if (f.kind === 'image' && images >= MAX_IMAGES) return errors.push(`Tối đa ${MAX_IMAGES} ảnh: “${f.name}” chưa được thêm.`);
    if (f.kind === 'image') images++;
    else pdfs++;
    accepted.push(i);
  });
  return { accepted, errors };
}

/** Reads the first bytes of a file and sniffs it. */
export async function sniffFile(file: File): Promise<ReturnType<typeof sniff>> {
  return sniff(new Uint8Array(await file.slice(0, 16).arrayBuffer()));
}

/**
 * A small preview of an image file as a data: URL (the storefront's CSP allows data: images, not blob:): scaled down
 * on a canvas so a 8 MB photo is not inlined whole; the full file when the browser cannot decode it that way.
 */
export async function previewUrl(file: File, width = 240): Promise<string | null> {
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, width / bitmap.width);
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    return canvas.toDataURL('image/jpeg', 0.8);
  } catch {
    return null;
  }
}
