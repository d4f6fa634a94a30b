'use client';
import type { InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { Field, FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type BrandRow = InferResponseType<Api['v1']['admin']['brands']['$get'], 200>['items'][number];
const EMPTY = { name: '', country: '', description: '' };

/** Creates a brand (POST /v1/admin/brands), then uploads its logo when one was chosen (POST …/{id}/logo). */
export function CreateBrandForm() {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [f, setF] = useState(EMPTY);
  // The file is read from the input when the form is submitted, not mirrored into state from its change event: what
  // the input holds is what gets uploaded, whenever and however the file was picked.
  const logoInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setIssues({});
    try {
      const api = browserApi();
      const res = await api.v1.admin.brands.$post({ json: { name: f.name, country: f.country || null, description: f.description || null } });
      if (!res.ok) {
        const fail = await apiError(res);
        setError(fail.message);
        setIssues(fail.issues);
        return;
      }
      const b = await res.json();
      const logo = logoInput.current?.files?.[0];
      if (logo) {
        const up = await api.v1.admin.brands[':id'].logo.$post({ param: { id: b.id }, form: { file: logo } });
        if (!up.ok) {
          setError(`Đã tạo thương hiệu nhưng chưa lưu được logo: ${(await apiError(up)).message}`);
          router.refresh();
          return;
        }
      }
      notify('success', `Đã tạo thương hiệu ${b.name}.`);
      setF(EMPTY);
      (e.target as HTMLFormElement).reset();
      router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="mt-3 grid gap-3 sm:grid-cols-2" noValidate aria-label="Tạo thương hiệu">
      <Field label="Tên thương hiệu" name="name" required disabled={!hydrated} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} error={issues.name} />
      <Field label="Quốc gia" name="country" disabled={!hydrated} value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })} error={issues.country} />
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor="new-brand-description" className="block text-sm font-medium text-slate-700">
          Mô tả
        </label>
        <textarea id="new-brand-description" className="input" rows={3} disabled={!hydrated} maxLength={5000} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} />
      </div>
      <div className="space-y-1">
        <label htmlFor="new-brand-logo" className="block text-sm font-medium text-slate-700">
          Logo (PNG, JPEG hoặc WebP, tối đa 5 MiB)
        </label>
        <input ref={logoInput} id="new-brand-logo" name="logo" type="file" disabled={!hydrated} accept="image/png,image/jpeg,image/webp" />
      </div>
      <div className="space-y-2 sm:col-span-2">
        <FormError message={error} />
        <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
          {busy ? 'Đang tạo…' : 'Tạo thương hiệu'}
        </button>
      </div>
    </form>
  );
}

/** Edit (name, country, description), logo, delete (refused with the product count while products use it). */
export function BrandActions({ brand }: { brand: BrandRow }) {
  const run = useAction();
  const api = browserApi();
  const [f, setF] = useState({ name: brand.name, country: brand.country ?? '', description: brand.description ?? '' });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <ConfirmDialog
        trigger="Sửa"
        title={`Sửa thương hiệu ${brand.name}`}
        confirmLabel="Lưu thay đổi"
        onConfirm={() =>
          run(
            () => api.v1.admin.brands[':id'].$patch({ param: { id: brand.id }, json: { name: f.name.trim(), country: f.country.trim() || null, description: f.description.trim() || null } }),
            `Đã lưu thương hiệu ${f.name.trim()}.`,
          )
        }
      >
        <div className="space-y-3">
          <Field label="Tên thương hiệu" id={`brand-name-${brand.id}`} name="name" value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
          <Field label="Quốc gia" id={`brand-country-${brand.id}`} name="country" value={f.country} onChange={(e) => setF({ ...f, country: e.target.value })} />
          <div className="space-y-1">
            <label htmlFor={`brand-description-${brand.id}`} className="block text-sm font-medium text-slate-700">
              Mô tả
            </label>
            <textarea id={`brand-description-${brand.id}`} className="input" rows={4} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} />
          </div>
        </div>
      </ConfirmDialog>
      <label className="btn-secondary cursor-pointer">
        {brand.logo ? 'Đổi logo' : 'Tải logo'}
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          className="sr-only"
          aria-label={`Tải logo cho ${brand.name}`}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void run(() => api.v1.admin.brands[':id'].logo.$post({ param: { id: brand.id }, form: { file } }), `Đã cập nhật logo ${brand.name}.`);
          }}
        />
      </label>
      <ConfirmDialog
        trigger="Xóa"
        danger
        title={`Xóa thương hiệu ${brand.name}?`}
        body="Chỉ xóa được thương hiệu không còn sản phẩm nào."
        confirmLabel="Xóa thương hiệu"
        onConfirm={() => run(() => api.v1.admin.brands[':id'].$delete({ param: { id: brand.id } }), `Đã xóa thương hiệu ${brand.name}.`)}
      />
    </div>
  );
}
