'use client';
import type { InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { FormError, useHydrated } from '../Field';
import { IMPORT_KIND_LABELS, IMPORT_STATUS_LABELS } from './import-labels';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type ImportDetail = InferResponseType<Api['v1']['admin']['imports'][':id']['$get'], 200>;
export type ImportSummary = InferResponseType<Api['v1']['admin']['imports']['$get'], 200>['items'][number];
type Kind = ImportSummary['kind'];
type Status = ImportSummary['status'];

/** States the consumer is still working on: the panel polls while in one of them. */
const RUNNING: ReadonlySet<Status> = new Set(['queued', 'validating', 'committing']);
const POLL_MS = 1000;
const fmt = (n: number) => n.toLocaleString('vi-VN');

/** Upload an .xlsx or .csv file: its dry run is queued, and the page follows it (`?import=<id>`). */
export function UploadForm() {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [kind, setKind] = useState<Kind>('products');
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!file) {
      setError('Chọn tệp .xlsx hoặc .csv cần nhập.');
      return;
    }
    setBusy(true);
    try {
      const res = await browserApi().v1.admin.imports.$post({ form: { file, kind } });
      if (!res.ok) {
        setError((await apiError(res)).message);
        return;
      }
      const { id } = await res.json();
      notify('info', `Đã tải lên ${file.name}: đang kiểm tra thử, chưa ghi gì.`);
      router.push(`/quan-tri/nhap-xuat?import=${id}`);
      router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate aria-label="Tải tệp nhập dữ liệu" className="flex flex-wrap items-end gap-3">
      <div className="space-y-1">
        <label htmlFor="import-kind" className="block text-sm font-medium text-slate-700">
          Loại dữ liệu
        </label>
        <select id="import-kind" className="input" value={kind} onChange={(e) => setKind(e.target.value === 'batches' ? 'batches' : 'products')}>
          <option value="products">{IMPORT_KIND_LABELS.products}</option>
          <option value="batches">{IMPORT_KIND_LABELS.batches}</option>
        </select>
      </div>
      <div className="min-w-[16rem] flex-1 space-y-1">
        <label htmlFor="import-file" className="block text-sm font-medium text-slate-700">
          Tệp (.xlsx hoặc .csv UTF-8, tối đa 10 MiB)
        </label>
        <input id="import-file" type="file" accept=".xlsx,.csv" className="input" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
      </div>
      <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
        {busy ? 'Đang tải lên…' : 'Tải lên và kiểm tra thử'}
      </button>
      <div className="w-full">
        <FormError message={error} />
      </div>
    </form>
  );
}

/**
 * One import as it runs: a progress bar (polled while the consumer works), then the dry run's result — counts and every
 * error with its row, column and message — with "Ghi dữ liệu" (commit) and "Hủy"; then the commit's counts.
 */
export function ImportPanel({ initial }: { initial: ImportDetail }) {
  const [d, setD] = useState(initial);
  const run = useAction();
  const router = useRouter();
  useEffect(() => setD(initial), [initial]);
  useEffect(() => {
    if (!RUNNING.has(d.status)) return;
    let stop = false;
    const t = setTimeout(async () => {
      const res = await browserApi().v1.admin.imports[':id'].$get({ param: { id: d.id } }).catch(() => null);
      if (stop || !res?.ok) return;
      const next = await res.json();
      setD(next);
      if (!RUNNING.has(next.status)) router.refresh(); // the history table shows the new state
    }, POLL_MS);
    return () => {
      stop = true;
      clearTimeout(t);
    };
  }, [d, router]);

  const percent = d.totalRows > 0 ? Math.min(100, Math.round((d.processedRows / d.totalRows) * 100)) : RUNNING.has(d.status) ? 0 : 100;
  const phase = d.status === 'committing' ? 'Ghi dữ liệu' : 'Kiểm tra thử';
  return (
    <section className="mb-4 rounded-xl border border-slate-200 bg-white p-4" aria-labelledby="import-title" data-testid="import-panel">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="import-title" className="font-semibold">
          {IMPORT_KIND_LABELS[d.kind]}: {d.fileName}
        </h2>
        <p className="text-sm font-medium" data-testid="import-status">
          {IMPORT_STATUS_LABELS[d.status]}
        </p>
      </div>
      {RUNNING.has(d.status) && (
        <div className="mt-3">
          <progress className="h-3 w-full accent-emerald-700" max={100} value={percent} aria-label={`${phase}: ${percent}%`} data-testid="import-progress" />
          <p className="mt-1 text-sm text-slate-600">
            {phase}: {fmt(d.processedRows)} / {d.totalRows ? fmt(d.totalRows) : '…'} dòng ({percent}%)
          </p>
        </div>
      )}
      {d.failure && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {d.failure}
        </p>
      )}
      {(d.status === 'validated' || d.status === 'done' || d.status === 'committing') && (
        <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
          <Stat label="Tổng số dòng" value={d.totalRows} />
          <Stat label="Dòng hợp lệ" value={d.validRows} testId="import-valid" />
          <Stat label="Dòng có lỗi" value={d.errorRows} testId="import-error-rows" />
          {d.status === 'done' && (
            <>
              <Stat label="Tạo mới" value={d.createdCount} testId="import-created" />
              <Stat label="Cập nhật / không đổi" value={d.updatedCount + d.unchangedCount} />
            </>
          )}
        </dl>
      )}
      {d.errors.length > 0 && (
        <div className="mt-3 max-h-96 overflow-auto rounded-lg border border-red-200">
          <table className="w-full text-left text-sm" data-testid="import-errors">
            <caption className="sr-only">Lỗi theo dòng của tệp</caption>
            <thead className="sticky top-0 bg-red-50 text-xs uppercase tracking-wide text-red-900">
              <tr>
                <th scope="col" className="px-3 py-2">Dòng</th>
                <th scope="col" className="px-3 py-2">Cột</th>
                <th scope="col" className="px-3 py-2">Lỗi</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-red-100">
              {d.errors.map((e, i) => (
                <tr key={`${e.row}-${e.column}-${i}`}>
                  <td className="px-3 py-1.5">{e.row}</td>
                  <td className="px-3 py-1.5">{e.column}</td>
                  <td className="px-3 py-1.5">{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {d.errorsTruncated && <p className="p-2 text-xs text-slate-600">Chỉ hiện các lỗi đầu tiên; sửa chúng rồi tải lại tệp.</p>}
        </div>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        {d.status === 'validated' && (
          <ConfirmDialog
            trigger="Ghi dữ liệu"
            triggerClassName="btn-primary"
            disabled={d.validRows === 0}
            title="Ghi dữ liệu vào hệ thống?"
            body={
              <>
                Ghi {fmt(d.validRows)} dòng hợp lệ{d.errorRows ? `; ${fmt(d.errorRows)} dòng có lỗi sẽ bị bỏ qua` : ''}.{' '}
                {d.kind === 'products' ? 'Sản phẩm mới và thay đổi thông tin chuyên môn chờ dược sĩ duyệt.' : 'Mỗi lô được ghi vào sổ kho.'}
              </>
            }
            confirmLabel="Ghi dữ liệu"
            onConfirm={async () => {
              const ok = await run(() => browserApi().v1.admin.imports[':id'].commit.$post({ param: { id: d.id } }), 'Đang ghi dữ liệu…');
              if (ok) setD({ ...d, status: 'committing', processedRows: 0 });
              return ok;
            }}
          />
        )}
        {(RUNNING.has(d.status) || d.status === 'validated') && (
          <ConfirmDialog
            trigger="Hủy lần nhập"
            danger
            title="Hủy lần nhập này?"
            body={d.status === 'committing' ? 'Việc ghi dừng sau nhóm dòng đang xử lý; các dòng đã ghi được giữ nguyên.' : 'Chưa có gì được ghi.'}
            confirmLabel="Hủy lần nhập"
            onConfirm={() => run(() => browserApi().v1.admin.imports[':id'].cancel.$post({ param: { id: d.id } }), 'Đã hủy lần nhập.')}
          />
        )}
      </div>
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: number; testId?: string }) {
  return (
    <div className="rounded-lg bg-slate-50 p-2">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-lg font-semibold" data-testid={testId}>
        {fmt(value)}
      </dd>
    </div>
  );
}
