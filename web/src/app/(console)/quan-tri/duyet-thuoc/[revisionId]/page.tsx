import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ApprovalDecision } from '../../../../../components/console/catalog/ApprovalDecision';
import { APPROVAL_LABELS, REVISION_KIND_LABELS, showValue, waitingTime } from '../../../../../components/console/catalog/labels';
import { gate } from '../../../../../components/console/gate';
import { LoadFailed } from '../../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../../components/console/ScreenHeader';
import { formatDateTime } from '../../../../../components/console/table';

type Props = { params: Promise<{ revisionId: string }> };
export const metadata: Metadata = { title: 'Duyệt thay đổi' };

/** One pending change: what the shop shows now beside what is proposed, field by field; the pharmacist decides. */
export default async function ApprovalPage({ params }: Props) {
  const g = await gate('approvals');
  if (!g.ok) return g.view;
  const { revisionId } = await params;
  const res = await g.api.v1.admin.approvals[':revisionId'].$get({ param: { revisionId } });
  if (!res.ok) {
    const status: number = res.status;
    if (status === 404) notFound();
    return <LoadFailed res={res} />;
  }
  const { revision, product, changes } = await res.json();
  const isNew = revision.kind === 'new';
  return (
    <div className="max-w-6xl">
      <p className="mb-2 text-sm">
        <Link href="/quan-tri/duyet-thuoc" className="text-emerald-800 hover:underline">
          ← Hàng chờ duyệt
        </Link>
      </p>
      <ScreenHeader screen="approvals" title={`${REVISION_KIND_LABELS[revision.kind] ?? revision.kind}: ${product.name}`} />
      <p className="mb-4 text-sm text-slate-700" data-testid="revision-meta">
        Gửi bởi {revision.submittedByName ?? '(không rõ)'} lúc {formatDateTime(revision.submittedAt)} · đã chờ {waitingTime(revision.submittedAt, Date.now())} · trạng thái sản phẩm: {APPROVAL_LABELS[product.approvalState] ?? product.approvalState}
        {product.prescriptionRequired && ' · Thuốc kê đơn'} ·{' '}
        <Link href={`/quan-tri/san-pham/${product.id}`} className="text-emerald-800 underline">
          Xem toàn bộ sản phẩm
        </Link>
      </p>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full min-w-[40rem] table-fixed text-left text-sm" data-testid="revision-diff">
          <caption className="sr-only">So sánh nội dung hiện tại và nội dung đề xuất</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600">
            <tr>
              <th scope="col" className="w-44 px-3 py-2">
                Trường
              </th>
              <th scope="col" className="px-3 py-2">
                {isNew ? 'Hiện tại' : 'Đang hiển thị (đã duyệt)'}
              </th>
              <th scope="col" className="px-3 py-2">
                Đề xuất
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {changes.length === 0 ? (
              <tr>
                <td colSpan={3} className="px-3 py-6 text-center text-slate-600">
                  Không có thay đổi nào về thông tin dược.
                </td>
              </tr>
            ) : (
              changes.map((c) => (
                <tr key={c.field} className="align-top">
                  <th scope="row" className="px-3 py-2 font-medium">
                    {c.label}
                  </th>
                  <td className="whitespace-pre-wrap px-3 py-2 text-slate-700">
                    <del className="no-underline">
                      {showValue(c.before)}
                    </del>
                  </td>
                  <td className="whitespace-pre-wrap bg-emerald-50/50 px-3 py-2">
                    <ins className="no-underline">{showValue(c.after)}</ins>
                  </td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
      {g.me.role === 'pharmacist' ? (
        <ApprovalDecision revisionId={revisionId} productName={product.name} />
      ) : (
        <p className="mt-4 rounded-lg bg-slate-100 p-3 text-sm">Chỉ dược sĩ được duyệt hoặc từ chối thay đổi này.</p>
      )}
    </div>
  );
}
