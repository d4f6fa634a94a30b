/**
 * The consultation form's checks on picked files, before anything is uploaded: the api's own rule
 * (shared/src/consultations/files.ts: the type read from the bytes, not the name; image and PDF size caps; up to 5
 * images OR 1 PDF), so a shopper hears about a wrong file at once instead of after the upload. The api checks again.
 */
import { fileKind, fileRefusal, MAX_IMAGES, sniffConsultationFile, type ConsultationFileKind, type FileRefusal } from '../../../shared/src/consultations/files';

export type FileKind = ConsultationFileKind;

/** What the file input offers (the bytes decide, this only narrows the picker). */
export const ACCEPT = 'image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf';

/** JPEG, PNG, WebP or PDF from the first bytes, as the api sniffs them, else null. */
export function sniff(head: Uint8Array): { kind: FileKind; contentType: string } | null {
  const type = sniffConsultationFile(head);
  return type ? { kind: fileKind(type), contentType: type } : null;
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

/** The form's sentence for a refused file (`fileRefusal`, the api's own rule). */
function refusalMessage(r: FileRefusal, name: string): string {
  switch (r.code) {
    case 'UNSUPPORTED_FILE_TYPE':
      return `“${name}” không phải ảnh JPEG, PNG, WebP hoặc tệp PDF.`;
    case 'FILE_EMPTY':
      return `“${name}” là tệp rỗng.`;
    case 'FILE_TOO_LARGE':
      return `${r.kind === 'pdf' ? 'Tệp PDF' : 'Ảnh'} “${name}” lớn hơn ${r.maxBytes / 1024 / 1024} MB.`;
    case 'TOO_MANY_FILES':
      if (r.reason === 'pdf') return `Chỉ gửi được 1 tệp PDF, hoặc tối đa ${MAX_IMAGES} ảnh (không gửi kèm cả hai): “${name}” chưa được thêm.`;
      if (r.reason === 'image_after_pdf') return `Đã có tệp PDF: gửi 1 tệp PDF hoặc tối đa ${MAX_IMAGES} ảnh. “${name}” chưa được thêm.`;
      return `Tối đa ${MAX_IMAGES} ảnh: “${name}” chưa được thêm.`;
  }
}

/**
 * Which of `added` may join `current`, and a Vietnamese reason for each refused one, by `fileRefusal` (the api's rule)
 * one file at a time. `kind` is each added file's sniffed kind (null: not a JPEG/PNG/WebP/PDF).
 */
export function admitFiles(current: ReadonlyArray<{ kind: FileKind }>, added: ReadonlyArray<{ name: string; size: number; kind: FileKind | null }>): { accepted: number[]; errors: string[] } {
  const accepted: number[] = [];
  const errors: string[] = [];
  const admitted = { images: current.filter((f) => f.kind === 'image').length, pdfs: current.filter((f) => f.kind === 'pdf').length };
  added.forEach((f, i) => {
    const refusal = fileRefusal(admitted, f);
    if (refusal) return errors.push(refusalMessage(refusal, f.name));
    if (f.kind === 'image') admitted.images++;
    else admitted.pdfs++;
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
