import type { Metadata } from 'next';
import Link from 'next/link';
import { gate } from '../../../../components/console/gate';
import { IMPORT_KIND_LABELS, IMPORT_STATUS_LABELS } from '../../../../components/console/import-labels';
import { ImportPanel, UploadForm, type ImportSummary } from '../../../../components/console/imports';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';
import { DataTable, formatDateTime, hrefWith, Pager, param, type SearchParams } from '../../../../components/console/table';
import { browserApi } from '../../../../lib/api';

export const metadata: Metadata = { title: 'Nhập/xuất dữ liệu' };

const PATH = '/quan-tri/nhap-xuat';
const EXPORTS = [
  ['products', 'Sản phẩm'],
  ['stock', 'Tồn kho'],
  ['batches', 'Lô hàng'],
] as const;

/**
 * A same-origin link to an api file (template, export), typed by the api's routes: the browser's client builds it
 * (`$url`), the page keeps its path, and the web Worker forwards `/v1/*` with the staff member's cookies.
 */
const href = (u: URL) => `${u.pathname}${u.search}`;
const files = () => {
  const io = browserApi().v1.admin;
  return {
    templates: (['products', 'batches'] as const).flatMap((kind) => [
      { label: `Mẫu ${IMPORT_KIND_LABELS[kind].toLowerCase()} (.xlsx)`, href: href(io.imports['template.xlsx'].$url({ query: { kind } })) },
      { label: `Mẫu ${IMPORT_KIND_LABELS[kind].toLowerCase()} (.csv)`, href: href(io.imports['template.csv'].$url({ query: { kind } })) },
    ]),
    exports: EXPORTS.flatMap(([which, label]) =>
      (['xlsx', 'csv'] as const).map((type) => ({ label: `${label} (.${type})`, href: href(io.exports[':file'].$url({ param: { file: `${which}.${type}` } })) })),
    ),
  };
};

/** Import and export (admin only): templates, upload → dry run (errors per row) → commit with progress, history, exports. */
export default async function ImportExportPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const g = await gate('imports');
  if (!g.ok) return g.view;
  const sp = await searchParams;
  const importId = param(sp, 'import');
  const [list, current] = await Promise.all([
    g.api.v1.admin.imports.$get({ query: { cursor: param(sp, 'cursor'), limit: '20' } }),
    importId ? g.api.v1.admin.imports[':id'].$get({ param: { id: importId } }) : null,
  ]);
  const { templates, exports } = files();
  return (
    <div>
      <ScreenHeader screen="imports" title="Nhập/xuất dữ liệu" />
      <section className="mb-4 grid gap-4 lg:grid-cols-2">
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Tải tệp mẫu</h2>
          <p className="mb-2 text-sm text-slate-600">Đủ 33 cột của mẫu cũ (sản phẩm) và bảng lô hàng; nhập bằng .xlsx hoặc .csv.</p>
          <ul className="flex flex-wrap gap-2">
            {templates.map((t) => (
              <li key={t.href}>
                <a className="btn-secondary" href={t.href} download>
                  {t.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 className="mb-2 font-semibold">Xuất dữ liệu</h2>
          <p className="mb-2 text-sm text-slate-600">Cùng các cột với tệp nhập: xuất rồi nhập lại không làm thay đổi gì.</p>
          <ul className="flex flex-wrap gap-2" aria-label="Tệp xuất">
            {exports.map((x) => (
              <li key={x.href}>
                <a className="btn-secondary" href={x.href} download>
                  {x.label}
                </a>
              </li>
            ))}
          </ul>
        </div>
      </section>
      <section className="mb-4 rounded-xl border border-slate-200 bg-white p-4">
        <h2 className="mb-2 font-semibold">Nhập dữ liệu</h2>
        <p className="mb-3 text-sm text-slate-600">Tệp được kiểm tra thử trước (không ghi gì); xem lỗi từng dòng rồi mới bấm “Ghi dữ liệu”. Mỗi lúc chỉ chạy một lần nhập.</p>
        <UploadForm />
      </section>
      {current && (current.ok ? <ImportPanel initial={await current.json()} /> : <LoadFailed res={current} />)}
      <h2 className="mb-2 font-semibold">Lịch sử nhập</h2>
      {!list.ok ? <LoadFailed res={list} /> : <History sp={sp} body={await list.json()} />}
    </div>
  );
}

function History({ sp, body }: { sp: SearchParams; body: { items: ImportSummary[]; nextCursor: string | null } }) {
  return (
    <>
      <DataTable<ImportSummary>
        caption="Các lần nhập dữ liệu, mới nhất trước"
        testId="imports-table"
        path={PATH}
        searchParams={sp}
        rows={body.items}
        rowKey={(i) => i.id}
        empty="Chưa có lần nhập nào."
        columns={[
          {
            key: 'file',
            header: 'Tệp',
            cell: (i) => (
              <>
                <Link className="font-medium text-emerald-800 underline" href={hrefWith(PATH, sp, { import: i.id, cursor: param(sp, 'cursor') ?? null })}>
                  {i.fileName}
                </Link>
                <p className="text-slate-600">{IMPORT_KIND_LABELS[i.kind]}</p>
              </>
            ),
          },
          { key: 'status', header: 'Trạng thái', cell: (i) => IMPORT_STATUS_LABELS[i.status] },
          { key: 'rows', header: 'Dòng (hợp lệ / lỗi)', cell: (i) => `${i.totalRows.toLocaleString('vi-VN')} (${i.validRows.toLocaleString('vi-VN')} / ${i.errorRows.toLocaleString('vi-VN')})` },
          { key: 'result', header: 'Kết quả', cell: (i) => (i.status === 'done' ? `${i.createdCount} mới, ${i.updatedCount} cập nhật, ${i.unchangedCount} không đổi` : '—') },
          { key: 'by', header: 'Người nhập', cell: (i) => i.createdByName ?? '—' },
          { key: 'at', header: 'Lúc', cell: (i) => formatDateTime(i.created) },
        ]}
      />
      <Pager path={PATH} searchParams={sp} nextCursor={body.nextCursor} />
    </>
  );
}
