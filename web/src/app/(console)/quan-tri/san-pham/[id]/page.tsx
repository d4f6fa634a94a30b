import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { APPROVAL_LABELS, REVISION_KIND_LABELS, showValue } from '../../../../../components/console/catalog/labels';
import { ProductEditor } from '../../../../../components/console/catalog/ProductEditor';
import { ProductCertificate, ProductImages, ProductStatusActions } from '../../../../../components/console/catalog/ProductSide';
import { flattenCategories, type AdminProduct } from '../../../../../components/console/catalog/types';
import { gate } from '../../../../../components/console/gate';
import { LoadFailed } from '../../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../../components/console/ScreenHeader';
import { formatDateTime } from '../../../../../components/console/table';

type Props = { params: Promise<{ id: string }> };
export const metadata: Metadata = { title: 'Sửa sản phẩm' };

/**
 * One product (admin edits; a pharmacist reads): state and approval, the pending revision with its changes, the
 * pharmacist's last decision and note, the editor, images, certificate, stock, hide/show, delete/restore.
 */
export default async function ProductPage({ params }: Props) {
  const g = await gate('products');
  if (!g.ok) return g.view;
  const { id } = await params;
  const [res, cats, brands] = await Promise.all([g.api.v1.admin.products[':id'].$get({ param: { id } }), g.api.v1.categories.$get(), g.api.v1.brands.$get()]);
  if (!res.ok) {
    const status: number = res.status;
    if (status === 404) notFound();
    return <LoadFailed res={res} />;
  }
  const p = await res.json();
  const categories = cats.ok ? flattenCategories((await cats.json()).items) : [];
  const brandList = brands.ok ? (await brands.json()).items.map((b) => ({ id: b.id, name: b.name })) : [];
  const readOnly = g.me.role !== 'admin';
  return (
    <div className="max-w-5xl">
      <p className="mb-2 text-sm">
        <Link href="/quan-tri/san-pham" className="text-emerald-800 hover:underline">
          ← Sản phẩm
        </Link>
      </p>
      <ScreenHeader screen="products" title={p.name}>
        {!readOnly && <ProductStatusActions product={p} />}
      </ScreenHeader>
      <ProductState p={p} />
      <RevisionBanner p={p} isPharmacist={g.me.role === 'pharmacist'} />
      <div className="grid gap-4 lg:grid-cols-[1fr_20rem]">
        {/* Remounted when the product changes (after a save): the form starts again from the saved values and unit ids. */}
        <ProductEditor key={`${p.updatedAt}:${p.pendingRevision?.id ?? ''}`} product={p} categories={categories} brands={brandList} readOnly={readOnly} />
        <div className="space-y-4">
          <ProductImages product={p} readOnly={readOnly} />
          <ProductCertificate product={p} readOnly={readOnly} />
        </div>
      </div>
    </div>
  );
}

function ProductState({ p }: { p: AdminProduct }) {
  const shown = p.deletedAt === null && p.visible && p.approvalState === 'approved';
  return (
    <dl className="mb-4 grid gap-3 rounded-xl border border-slate-200 bg-white p-4 text-sm sm:grid-cols-4" data-testid="product-state">
      <div>
        <dt className="text-slate-600">Trên cửa hàng</dt>
        <dd className={`font-semibold ${shown ? 'text-emerald-800' : 'text-slate-700'}`} data-testid="product-shop-state">
          {p.deletedAt !== null ? 'Đã xóa' : shown ? 'Đang hiển thị' : !p.visible ? 'Đang ẩn' : 'Ẩn (chờ duyệt)'}
        </dd>
      </div>
      <div>
        <dt className="text-slate-600">Duyệt</dt>
        <dd className="font-semibold" data-testid="product-approval-state">
          {APPROVAL_LABELS[p.approvalState] ?? p.approvalState}
        </dd>
      </div>
      <div>
        <dt className="text-slate-600">Tồn kho (có thể bán)</dt>
        <dd className="font-semibold" data-testid="product-stock">
          {p.stock.available} {p.baseUnit}
          <span className="block text-xs font-normal text-slate-600">
            Tồn {p.stock.onHand}, đang giữ cho đơn {p.stock.reserved}
          </span>
        </dd>
      </div>
      <div>
        <dt className="text-slate-600">Cập nhật</dt>
        <dd>{formatDateTime(p.updatedAt)}</dd>
      </div>
      {p.deletedAt === null && shown && (
        <div className="sm:col-span-4">
          <Link href={`/san-pham/${p.slug}`} className="text-emerald-800 underline" target="_blank">
            Xem trên cửa hàng
          </Link>
        </div>
      )}
    </dl>
  );
}

/** The change waiting for a pharmacist (with its diff), or the pharmacist's last decision and note. */
function RevisionBanner({ p, isPharmacist }: { p: AdminProduct; isPharmacist: boolean }) {
  const rev = p.pendingRevision;
  const last = p.lastDecision;
  return (
    <>
      {rev && (
        <section className="mb-4 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm" data-testid="pending-revision" aria-labelledby="pending-h">
          <h2 id="pending-h" className="font-semibold text-amber-900">
            {REVISION_KIND_LABELS[rev.kind] ?? rev.kind} đang chờ dược sĩ duyệt
          </h2>
          <p className="text-amber-900">
            Gửi bởi {rev.submittedByName ?? '(không rõ)'} lúc {formatDateTime(rev.submittedAt)}.{' '}
            {rev.kind === 'edit' ? 'Cửa hàng vẫn hiển thị nội dung đã duyệt cho đến khi thay đổi được duyệt.' : 'Sản phẩm được ẩn khỏi cửa hàng cho đến khi được duyệt.'}
          </p>
          {rev.changes.length > 0 && (
            <table className="mt-2 w-full text-left">
              <caption className="sr-only">Các thay đổi chờ duyệt</caption>
              <thead>
                <tr>
                  <th scope="col" className="py-1 pr-2">
                    Trường
                  </th>
                  <th scope="col" className="py-1 pr-2">
                    Đang hiển thị
                  </th>
                  <th scope="col" className="py-1">
                    Đề xuất
                  </th>
                </tr>
              </thead>
              <tbody>
                {rev.changes.map((c) => (
                  <tr key={c.field} className="align-top">
                    <th scope="row" className="py-1 pr-2 font-medium">
                      {c.label}
                    </th>
                    <td className="whitespace-pre-wrap py-1 pr-2">{showValue(c.before)}</td>
                    <td className="whitespace-pre-wrap py-1">{showValue(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {isPharmacist && (
            <Link href={`/quan-tri/duyet-thuoc/${rev.id}`} className="btn-primary mt-3">
              Mở để duyệt
            </Link>
          )}
        </section>
      )}
      {last && !(rev && last.state === 'approved') && (
        <section
          className={`mb-4 rounded-xl border p-4 text-sm ${last.state === 'rejected' ? 'border-red-300 bg-red-50 text-red-900' : 'border-emerald-200 bg-emerald-50 text-emerald-900'}`}
          data-testid="last-decision"
          aria-labelledby="decision-h"
        >
          <h2 id="decision-h" className="font-semibold">
            {last.state === 'rejected' ? 'Dược sĩ đã từ chối thay đổi gần nhất' : 'Dược sĩ đã duyệt'}
          </h2>
          <p>
            {last.byName ?? 'Dược sĩ'}, {formatDateTime(last.at)}
            {last.note ? (
              <>
                : <q data-testid="decision-note">{last.note}</q>
              </>
            ) : (
              '.'
            )}
          </p>
          {last.state === 'rejected' && !rev && <p className="mt-1">Sửa lại trong biểu mẫu bên dưới rồi bấm “Lưu và gửi duyệt lại”.</p>}
        </section>
      )}
    </>
  );
}
