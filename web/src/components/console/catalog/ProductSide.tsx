'use client';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import { apiError, browserApi } from '../../../lib/api';
import { useHydrated } from '../../Field';
import { ConfirmDialog } from '../ConfirmDialog';
import { formatDateTime } from '../table';
import { useToast } from '../Toaster';
import { useAction } from '../use-action';
import { Section } from './fields';
import type { AdminProduct } from './types';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';
const MAX_IMAGE_MB = 5;
const MAX_PDF_MB = 10;

/** Hide/show, soft delete and restore (admin), each a single audited call; delete asks first. */
export function ProductStatusActions({ product }: { product: AdminProduct }) {
  const run = useAction();
  const hydrated = useHydrated();
  const id = product.id;
  if (product.deletedAt !== null) {
    return (
      <div className="flex flex-wrap gap-2" data-testid="product-status-actions">
        <button type="button" className="btn-primary" disabled={!hydrated} onClick={() => run(() => browserApi().v1.admin.products[':id'].restore.$post({ param: { id } }), 'Đã khôi phục sản phẩm.')}>
          Khôi phục sản phẩm
        </button>
      </div>
    );
  }
  return (
    <div className="flex flex-wrap gap-2" data-testid="product-status-actions">
      <button
        type="button"
        className="btn-secondary"
        disabled={!hydrated}
        onClick={() => run(() => browserApi().v1.admin.products[':id'].$patch({ param: { id }, json: { visible: !product.visible } }), product.visible ? 'Đã ẩn sản phẩm khỏi cửa hàng.' : 'Đã bật hiển thị sản phẩm.')}
      >
        {product.visible ? 'Ẩn khỏi cửa hàng' : 'Hiển thị trên cửa hàng'}
      </button>
      <ConfirmDialog
        trigger="Xóa sản phẩm"
        danger
        title="Xóa sản phẩm?"
        body={`"${product.name}" sẽ bị gỡ khỏi cửa hàng và tìm kiếm. Đơn hàng cũ vẫn giữ nguyên; có thể khôi phục sau.`}
        confirmLabel="Xóa sản phẩm"
        onConfirm={() => run(() => browserApi().v1.admin.products[':id'].$delete({ param: { id } }), 'Đã xóa sản phẩm (có thể khôi phục).')}
      />
    </div>
  );
}

/** Images: upload (PNG/JPEG/WebP, checked by the api), reorder, set primary (the first), delete. */
export function ProductImages({ product, readOnly }: { product: AdminProduct; readOnly: boolean }) {
  const router = useRouter();
  const notify = useToast();
  const run = useAction();
  const hydrated = useHydrated();
  const uid = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [alt, setAlt] = useState(product.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const images = [...product.images].sort((a, b) => a.position - b.position);
  const id = product.id;

  const upload = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const file = fileRef.current?.files?.[0];
    if (!file) return setError('Chọn một tệp ảnh.');
    if (file.size > MAX_IMAGE_MB * 1024 * 1024) return setError(`Ảnh tối đa ${MAX_IMAGE_MB} MB.`);
    if (!alt.trim()) return setError('Nhập mô tả ảnh (cho người dùng trình đọc màn hình).');
    setBusy(true);
    try {
      const res = await browserApi().v1.admin.products[':id'].images.$post({ param: { id }, form: { file, alt: alt.trim() } });
      if (!res.ok) return setError((await apiError(res)).message);
      notify('success', 'Đã tải ảnh lên.');
      if (fileRef.current) fileRef.current.value = '';
      router.refresh();
    } catch {
      setError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };
  const move = (from: number, to: number) => {
    const ids = images.map((i) => i.id);
    const [m] = ids.splice(from, 1);
    ids.splice(to, 0, m!);
    return run(() => browserApi().v1.admin.products[':id'].images.order.$put({ param: { id }, json: { ids } }), 'Đã đổi thứ tự ảnh.');
  };

  return (
    <Section title="Hình ảnh" id={`${uid}-images`} testId="product-images">
      {images.length === 0 ? (
        <p className="mb-3 text-sm text-slate-600">Chưa có ảnh.</p>
      ) : (
        <ol className="mb-3 grid gap-3 sm:grid-cols-2">
          {images.map((img, i) => (
            <li key={img.id} className="rounded-lg border border-slate-200 p-2" data-testid="product-image">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={img.url} alt={img.alt} className="mb-2 aspect-square w-full rounded object-contain" />
              <p className="mb-1 text-xs text-slate-600">
                {i === 0 ? <strong className="text-emerald-800">Ảnh chính</strong> : `Ảnh ${i + 1}`} · {img.alt}
              </p>
              {!readOnly && (
                <div className="flex flex-wrap gap-1">
                  <button type="button" className="btn-secondary px-2 py-1" disabled={!hydrated || i === 0} onClick={() => move(i, i - 1)} >
                    <span aria-hidden="true">↑</span>
                    <span className="sr-only">Đưa ảnh {i + 1} lên trước</span>
                  </button>
                  <button type="button" className="btn-secondary px-2 py-1" disabled={!hydrated || i === images.length - 1} onClick={() => move(i, i + 1)} >
                    <span aria-hidden="true">↓</span>
                    <span className="sr-only">Đưa ảnh {i + 1} ra sau</span>
                  </button>
                  {i !== 0 && (
                    <button type="button" className="btn-secondary px-2 py-1" disabled={!hydrated} onClick={() => run(() => browserApi().v1.admin.products[':id'].images[':imageId'].primary.$post({ param: { id, imageId: img.id } }), 'Đã đặt làm ảnh chính.')}>
                      Đặt làm ảnh chính
                    </button>
                  )}
                  <ConfirmDialog
                    trigger="Xóa"
                    danger
                    triggerClassName="btn-danger px-2 py-1"
                    title="Xóa ảnh?"
                    body={`Ảnh ${i + 1} (${img.alt}) sẽ bị xóa khỏi sản phẩm.`}
                    confirmLabel="Xóa ảnh"
                    onConfirm={() => run(() => browserApi().v1.admin.products[':id'].images[':imageId'].$delete({ param: { id, imageId: img.id } }), 'Đã xóa ảnh.')}
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {!readOnly && (
        <form onSubmit={upload} className="space-y-2" aria-label="Tải ảnh lên" noValidate>
          <div className="space-y-1">
            <label htmlFor={`${uid}-file`} className="block text-sm font-medium text-slate-700">
              Tệp ảnh (PNG, JPEG, WebP; tối đa {MAX_IMAGE_MB} MB)
            </label>
            <input id={`${uid}-file`} ref={fileRef} type="file" accept="image/png,image/jpeg,image/webp" className="block text-sm" aria-describedby={error ? `${uid}-img-error` : undefined} />
          </div>
          <div className="space-y-1">
            <label htmlFor={`${uid}-alt`} className="block text-sm font-medium text-slate-700">
              Mô tả ảnh
            </label>
            <input id={`${uid}-alt`} className="input" value={alt} onChange={(e) => setAlt(e.target.value)} />
          </div>
          {error && (
            <p id={`${uid}-img-error`} role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <button type="submit" className="btn-primary" disabled={!hydrated || busy}>
            {busy ? 'Đang tải lên…' : 'Tải ảnh lên'}
          </button>
        </form>
      )}
    </Section>
  );
}

/** The registration certificate (PDF, private storage): staff download it; the admin uploads or removes it. */
export function ProductCertificate({ product, readOnly }: { product: AdminProduct; readOnly: boolean }) {
  const router = useRouter();
  const notify = useToast();
  const run = useAction();
  const hydrated = useHydrated();
  const uid = useId();
  const fileRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const cert = product.certificate;
  const id = product.id;

  const upload = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    const file = fileRef.current?.files?.[0];
    if (!file) return setError('Chọn tệp PDF.');
    if (file.type && file.type !== 'application/pdf') return setError('Giấy chứng nhận phải là tệp PDF.');
    if (file.size > MAX_PDF_MB * 1024 * 1024) return setError(`Tệp tối đa ${MAX_PDF_MB} MB.`);
    setBusy(true);
    try {
      const res = await browserApi().v1.admin.products[':id'].certificate.$put({ param: { id }, form: { file } });
      if (!res.ok) return setError((await apiError(res)).message);
      notify('success', 'Đã tải giấy chứng nhận lên.');
      if (fileRef.current) fileRef.current.value = '';
      router.refresh();
    } catch {
      setError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title="Giấy chứng nhận (PDF)" id={`${uid}-cert`} testId="product-certificate">
      {cert ? (
        <div className="mb-3 text-sm">
          <a href={`/v1/admin/products/${id}/certificate`} target="_blank" rel="noopener" className="font-medium text-emerald-800 underline">
            {cert.fileName}
          </a>
          <p className="text-xs text-slate-600">
            {(cert.size / 1024).toFixed(0)} KB · tải lên {formatDateTime(cert.uploadedAt)} · chỉ nhân viên xem được
          </p>
          {!readOnly && (
            <div className="mt-2">
              <ConfirmDialog trigger="Xóa giấy chứng nhận" danger title="Xóa giấy chứng nhận?" body={`Tệp ${cert.fileName} sẽ bị xóa.`} confirmLabel="Xóa tệp" onConfirm={() => run(() => browserApi().v1.admin.products[':id'].certificate.$delete({ param: { id } }), 'Đã xóa giấy chứng nhận.')} />
            </div>
          )}
        </div>
      ) : (
        <p className="mb-3 text-sm text-slate-600">Chưa có giấy chứng nhận.</p>
      )}
      {!readOnly && (
        <form onSubmit={upload} className="space-y-2" aria-label="Tải giấy chứng nhận lên" noValidate>
          <label htmlFor={`${uid}-pdf`} className="block text-sm font-medium text-slate-700">
            {cert ? 'Thay bằng tệp PDF khác' : 'Tệp PDF'} (tối đa {MAX_PDF_MB} MB)
          </label>
          <input id={`${uid}-pdf`} ref={fileRef} type="file" accept="application/pdf" className="block text-sm" aria-describedby={error ? `${uid}-pdf-error` : undefined} />
          {error && (
            <p id={`${uid}-pdf-error`} role="alert" className="text-sm text-red-700">
              {error}
            </p>
          )}
          <button type="submit" className="btn-primary" disabled={!hydrated || busy}>
            {busy ? 'Đang tải lên…' : 'Tải lên'}
          </button>
        </form>
      )}
    </Section>
  );
}
