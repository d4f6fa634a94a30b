'use client';
import { useState } from 'react';

const MAX_PHOTOS = 3;
const MAX_BYTES = 8 * 1024 * 1024;
const TYPES = ['image/jpeg', 'image/png', 'image/webp'];
const LABELS = ['', 'Rất tệ', 'Tệ', 'Bình thường', 'Tốt', 'Rất tốt'];

/**
 * Writing a review of one received order line (#17): 1–5 stars, text (10–2000 characters), up to 3 photos. The api
 * checks the purchase, the photos' real type and strips their metadata; the review waits for moderation.
 */
export function ReviewForm({ orderCode, productId, productName, onDone }: { orderCode: string; productId: string; productName: string; onDone: () => void }) {
  const [rating, setRating] = useState(5);
  const [body, setBody] = useState('');
  const [photos, setPhotos] = useState<File[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const choose = (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length > MAX_PHOTOS) return setError(`Tối đa ${MAX_PHOTOS} ảnh.`);
    if (files.some((f) => !TYPES.includes(f.type))) return setError('Chỉ nhận ảnh JPEG, PNG hoặc WebP.');
    if (files.some((f) => f.size > MAX_BYTES)) return setError('Mỗi ảnh tối đa 8 MiB.');
    setError(null);
    setPhotos(files);
  };
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const text = body.trim();
    if (text.length < 10) return setError('Nội dung đánh giá cần ít nhất 10 ký tự.');
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.set('payload', JSON.stringify({ orderCode, productId, rating, body: text }));
    for (const p of photos) form.append('photos', p, p.name);
    const res = await fetch('/v1/reviews', { method: 'POST', body: form, credentials: 'same-origin' }).catch(() => null);
    setBusy(false);
    if (!res) return setError('Không kết nối được tới Medicare. Vui lòng thử lại.');
    if (!res.ok) return setError(((await res.json().catch(() => null)) as { error?: { message?: string } } | null)?.error?.message ?? 'Không gửi được đánh giá.');
    onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="mt-2 space-y-3 rounded-lg border border-slate-200 p-3" aria-label={`Đánh giá ${productName}`}>
      <fieldset>
        <legend className="text-sm font-medium">Chất lượng sản phẩm</legend>
        <div className="flex items-center gap-1">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} className={`cursor-pointer text-2xl ${n <= rating ? 'text-amber-500' : 'text-slate-300'}`}>
              <input type="radio" name="rating" value={n} checked={rating === n} onChange={() => setRating(n)} className="sr-only" aria-label={`${n} sao`} />★
            </label>
          ))}
          <span className="ml-2 text-sm text-slate-600">{LABELS[rating]}</span>
        </div>
      </fieldset>
      <label className="block text-sm">
        Nhận xét của bạn
        <textarea value={body} onChange={(e) => setBody(e.target.value)} maxLength={2000} rows={4} required className="mt-1 w-full rounded border border-slate-300 p-2" placeholder="Sản phẩm có đúng mô tả không, bạn dùng thấy thế nào?" />
      </label>
      <label className="block text-sm">
        Ảnh (tối đa 3, JPEG/PNG/WebP; thông tin vị trí trong ảnh sẽ được xoá)
        <input type="file" accept={TYPES.join(',')} multiple onChange={(e) => choose(e.target.files)} className="mt-1 block text-sm" />
      </label>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy} className="rounded-lg bg-emerald-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-60">
        {busy ? 'Đang gửi…' : 'Gửi đánh giá'}
      </button>
    </form>
  );
}
