'use client';
import type { InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { Field, FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type CategoryRow = InferResponseType<Api['v1']['admin']['categories']['$get'], 200>['items'][number];
const MAX_LEVEL = 3;

/** Where a category may go: roots, or any category above the 3rd level that is not itself or one of its descendants. */
function parentChoices(all: CategoryRow[], node: CategoryRow | null, height: number) {
  return all.filter((c) => (!node || !c.path.startsWith(node.path)) && c.level + 1 + height <= MAX_LEVEL);
}
const label = (c: CategoryRow) => `${'— '.repeat(c.level - 1)}${c.name}`;

/** Creates a category under a chosen parent (POST /v1/admin/categories); the api refuses a 4th level. */
export function CreateCategoryForm({ all }: { all: CategoryRow[] }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [f, setF] = useState({ name: '', parentId: '', description: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setIssues({});
    try {
      const res = await browserApi().v1.admin.categories.$post({ json: { name: f.name, parentId: f.parentId || null, description: f.description || null } });
      if (!res.ok) {
        const fail = await apiError(res);
        setError(fail.message);
        setIssues(fail.issues);
        return;
      }
      const c = await res.json();
      notify('success', `Đã tạo danh mục cấp ${c.level} "${c.name}".`);
      setF({ name: '', parentId: f.parentId, description: '' });
      router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} className="mt-3 grid gap-3 sm:grid-cols-2" noValidate aria-label="Tạo danh mục">
      <Field label="Tên danh mục" name="name" required value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} error={issues.name} />
      <div className="space-y-1">
        <label htmlFor="new-category-parent" className="block text-sm font-medium text-slate-700">
          Danh mục cha
        </label>
        <select id="new-category-parent" className="input" value={f.parentId} onChange={(e) => setF({ ...f, parentId: e.target.value })}>
          <option value="">(Không có: danh mục cấp 1)</option>
          {parentChoices(all, null, 0).map((c) => (
            <option key={c.id} value={c.id}>
              {label(c)}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1 sm:col-span-2">
        <label htmlFor="new-category-description" className="block text-sm font-medium text-slate-700">
          Mô tả SEO (không bắt buộc)
        </label>
        <textarea id="new-category-description" className="input" rows={2} maxLength={500} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} />
      </div>
      <div className="space-y-2 sm:col-span-2">
        <FormError message={error} />
        <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
          {busy ? 'Đang tạo…' : 'Tạo danh mục'}
        </button>
      </div>
    </form>
  );
}

/** One row's actions: up/down among siblings, edit (name, SEO description, parent), image, delete. */
export function CategoryActions({ node, all, siblings }: { node: CategoryRow; all: CategoryRow[]; siblings: number }) {
  const run = useAction();
  const api = browserApi();
  const height = Math.max(0, ...all.filter((c) => c.path.startsWith(node.path)).map((c) => c.level - node.level));
  const [name, setName] = useState(node.name);
  const [description, setDescription] = useState(node.description ?? '');
  const [parentId, setParentId] = useState(node.parentId ?? '');
  const patch = (json: Parameters<Api['v1']['admin']['categories'][':id']['$patch']>[0]['json'], done: string) =>
    run(() => api.v1.admin.categories[':id'].$patch({ param: { id: node.id }, json }), done);
  const uploadImage = async (file: File | undefined) => {
    if (!file) return;
    await run(() => api.v1.admin.categories[':id'].image.$post({ param: { id: node.id }, form: { file } }), `Đã cập nhật ảnh danh mục "${node.name}".`);
  };
  const hydrated = useHydrated();
  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className="btn-secondary px-2 py-1" disabled={!hydrated || node.position === 0} aria-label={`Đưa "${node.name}" lên trên`} onClick={() => patch({ position: node.position - 1 }, `Đã đưa "${node.name}" lên trên.`)}>
        ↑
      </button>
      <button type="button" className="btn-secondary px-2 py-1" disabled={!hydrated || node.position >= siblings - 1} aria-label={`Đưa "${node.name}" xuống dưới`} onClick={() => patch({ position: node.position + 1 }, `Đã đưa "${node.name}" xuống dưới.`)}>
        ↓
      </button>
      <ConfirmDialog
        trigger="Sửa / chuyển"
        title={`Sửa danh mục "${node.name}"`}
        body="Chuyển sang danh mục cha khác sẽ chuyển cả các danh mục con; sản phẩm giữ nguyên danh mục của mình."
        confirmLabel="Lưu thay đổi"
        onConfirm={() => {
          const json: Record<string, unknown> = {};
          if (name.trim() !== node.name) json.name = name.trim();
          if (description.trim() !== (node.description ?? '')) json.description = description.trim() || null;
          if ((parentId || null) !== node.parentId) json.parentId = parentId || null;
          if (Object.keys(json).length === 0) return true;
          return patch(json, json.parentId !== undefined ? `Đã chuyển danh mục "${node.name}".` : `Đã lưu danh mục "${node.name}".`);
        }}
      >
        <div className="space-y-3">
          <Field label="Tên danh mục" name={`name-${node.id}`} id={`name-${node.id}`} value={name} onChange={(e) => setName(e.target.value)} />
          <div className="space-y-1">
            <label htmlFor={`parent-${node.id}`} className="block text-sm font-medium text-slate-700">
              Danh mục cha
            </label>
            <select id={`parent-${node.id}`} className="input" value={parentId} onChange={(e) => setParentId(e.target.value)}>
              {height + 1 <= MAX_LEVEL && <option value="">(Không có: danh mục cấp 1)</option>}
              {parentChoices(all, node, height).map((c) => (
                <option key={c.id} value={c.id}>
                  {label(c)}
                </option>
              ))}
            </select>
          </div>
          <div className="space-y-1">
            <label htmlFor={`description-${node.id}`} className="block text-sm font-medium text-slate-700">
              Mô tả SEO
            </label>
            <textarea id={`description-${node.id}`} className="input" rows={2} maxLength={500} value={description} onChange={(e) => setDescription(e.target.value)} />
          </div>
        </div>
      </ConfirmDialog>
      <label className="btn-secondary cursor-pointer">
        Ảnh
        <input type="file" accept="image/png,image/jpeg,image/webp" className="sr-only" aria-label={`Tải ảnh cho danh mục "${node.name}"`} onChange={(e) => uploadImage(e.target.files?.[0])} />
      </label>
      <ConfirmDialog
        trigger="Xóa"
        danger
        title={`Xóa danh mục "${node.name}"?`}
        body="Chỉ xóa được danh mục không còn sản phẩm và danh mục con."
        confirmLabel="Xóa danh mục"
        onConfirm={() => run(() => api.v1.admin.categories[':id'].$delete({ param: { id: node.id } }), `Đã xóa danh mục "${node.name}".`)}
      />
    </div>
  );
}
