'use client';
/**
 * #18 "Tìm bằng hình ảnh" (ADR 0045): the shopper photographs or picks a photo of a drug box; the recommendation
 * Worker reads the name and strength and our search finds the products. Prescription-only products link to the
 * pharmacist consultation, never to the cart. Lives on its own page (/tim-kiem/hinh-anh), so no other storefront
 * page carries its code; the photo is sent once and not stored.
 */
import { useState } from 'react';
import { formatVnd } from '../lib/format';

interface Item {
  id: string;
  slug: string;
  name: string;
  packSpec: string;
  purchaseMode: 'cart' | 'consultation';
  defaultUnit: { name: string; price: number };
  consultationHref: string | null;
}
interface Result {
  mode: 'model' | 'fallback';
  read: { name: string; strength: string | null } | null;
  message: string | null;
  items: Item[];
}

const MAX_BYTES = 8 * 1024 * 1024;

export function PhotoSearch() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<Result | null>(null);

  const send = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setResult(null);
    if (file.size > MAX_BYTES) return setError('Ảnh vượt quá 8 MiB. Vui lòng chụp lại với kích thước nhỏ hơn.');
    setBusy(true);
    try {
      const form = new FormData();
      form.set('image', file);
      const res = await fetch('/v1/recommendations/photo-search', { method: 'POST', body: form });
      const body = (await res.json()) as Result & { error?: { message: string } };
      if (!res.ok) setError(body.error?.message ?? 'Không tìm được lúc này. Vui lòng thử lại.');
      else setResult(body);
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4" data-testid="photo-search">
      <label className="btn-primary inline-block cursor-pointer">
        {busy ? 'Đang đọc ảnh…' : 'Chụp hoặc chọn ảnh hộp thuốc'}
        <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" className="sr-only" disabled={busy} onChange={(e) => void send(e.target.files?.[0])} data-testid="photo-input" />
      </label>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {error}
        </p>
      )}
      {result && (
        <div className="space-y-3" data-testid="photo-result">
          {result.mode === 'fallback' && <p className="rounded bg-slate-100 px-2 py-1 text-xs font-semibold text-slate-700">Tìm bằng hình ảnh đang tắt</p>}
          {result.read && (
            <p className="text-sm">
              Đọc được trên hộp: <strong>{result.read.name}</strong>
              {result.read.strength && ` · ${result.read.strength}`}
            </p>
          )}
          {result.message && (
            <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900">
              {result.message} <a href="/tim-kiem" className="underline">Tìm theo tên</a>
            </p>
          )}
          <ul className="divide-y rounded-lg bg-white">
            {result.items.map((p) => (
              <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 p-3" data-testid="photo-item">
                <a href={`/san-pham/${p.slug}`} className="font-medium text-emerald-800 hover:underline">
                  {p.name}
                  <span className="block text-xs text-slate-600">{p.packSpec}</span>
                </a>
                {p.purchaseMode === 'consultation' ? (
                  <a href={p.consultationHref ?? '/tu-van-duoc-si'} className="btn-secondary text-sm">
                    Thuốc kê đơn · Tư vấn dược sĩ
                  </a>
                ) : (
                  <span className="text-sm font-semibold">
                    {formatVnd(p.defaultUnit.price)} / {p.defaultUnit.name}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
