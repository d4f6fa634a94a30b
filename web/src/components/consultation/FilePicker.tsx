'use client';
import { useId, useRef, useState } from 'react';
import { ACCEPT, admitFiles, formatBytes, previewUrl, sniffFile, type PickedFile } from '../../lib/consultation-files';

let nextId = 1;

/**
 * Prescription photos or a PDF: checked in the browser as the api checks them (type from the bytes, size caps, up to
 * 5 images or 1 PDF), shown as previews, each removable. Refusals are announced (aria-live).
 */
export function FilePicker({ value, onChange, disabled }: { value: PickedFile[]; onChange: (f: PickedFile[]) => void; disabled: boolean }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [reading, setReading] = useState(false);

  const add = async (list: FileList | null) => {
    const files = Array.from(list ?? []);
    if (input.current) input.current.value = ''; // picking the same file again after removing it fires change again
    if (files.length === 0) return;
    setReading(true);
    try {
      const sniffed = await Promise.all(files.map((f) => sniffFile(f).catch(() => null)));
      const { accepted, errors: refused } = admitFiles(
        value,
        files.map((f, i) => ({ name: f.name, size: f.size, kind: sniffed[i]?.kind ?? null })),
      );
      const picked = await Promise.all(
        accepted.map(async (i): Promise<PickedFile> => {
          const s = sniffed[i]!;
          return { id: `f${nextId++}`, file: files[i]!, kind: s.kind, contentType: s.contentType, preview: s.kind === 'image' ? await previewUrl(files[i]!) : null };
        }),
      );
      setErrors(refused);
      if (picked.length) onChange([...value, ...picked]);
    } finally {
      setReading(false);
    }
  };

  return (
    <div className="space-y-3">
      <div>
        <label htmlFor={`${id}-files`} className="block text-sm font-medium text-slate-700">
          Ảnh đơn thuốc hoặc tệp PDF
        </label>
        <p id={`${id}-hint`} className="text-xs text-slate-500">
          Tối đa 5 ảnh (JPEG, PNG, WebP, mỗi ảnh đến 8 MB) hoặc 1 tệp PDF (đến 10 MB). Thông tin vị trí trong ảnh được xóa trước khi lưu.
        </p>
        <input
          ref={input}
          id={`${id}-files`}
          type="file"
          multiple
          accept={ACCEPT}
          disabled={disabled || reading}
          aria-describedby={`${id}-hint ${id}-errors`}
          className="mt-2 block w-full text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-emerald-700 file:px-4 file:py-2 file:font-semibold file:text-white hover:file:bg-emerald-800 disabled:opacity-60"
          onChange={(e) => void add(e.target.files)}
        />
      </div>
      <div id={`${id}-errors`} aria-live="polite" role="status">
        {errors.length > 0 && (
          <ul className="space-y-1 rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700" data-testid="file-errors">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        )}
      </div>
      {value.length > 0 && (
        <ul className="grid grid-cols-2 gap-3 sm:grid-cols-3 md:grid-cols-5" aria-label="Tệp đã chọn" data-testid="picked-files">
          {value.map((f) => (
            <li key={f.id} className="relative overflow-hidden rounded-lg border border-slate-200 bg-white">
              {f.preview ? (
                // eslint-disable-next-line @next/next/no-img-element -- a local data: URL, nothing for the image optimiser
                <img src={f.preview} alt={`Xem trước ${f.file.name}`} className="aspect-square w-full object-cover" />
              ) : (
                <div className="flex aspect-square w-full flex-col items-center justify-center gap-1 bg-slate-50 text-slate-600">
                  <span aria-hidden="true" className="rounded bg-red-600 px-2 py-1 text-xs font-bold text-white">
                    {f.kind === 'pdf' ? 'PDF' : 'ẢNH'}
                  </span>
                </div>
              )}
              <div className="flex items-center justify-between gap-1 px-2 py-1 text-xs">
                <span className="min-w-0 flex-1 truncate" title={f.file.name}>
                  {f.file.name}
                  <span className="block text-slate-500">{formatBytes(f.file.size)}</span>
                </span>
                <button
                  type="button"
                  disabled={disabled}
                  className="rounded px-2 py-1 text-red-700 hover:bg-red-50"
                  aria-label={`Xóa tệp ${f.file.name}`}
                  onClick={() => (onChange(value.filter((v) => v.id !== f.id)), setErrors([]), input.current?.focus())}
                >
                  Xóa
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
