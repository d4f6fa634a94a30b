'use client';
import type { InferResponseType } from 'hono/client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { apiError, browserApi, type Api } from '../../lib/api';
import { Markdown } from '../markdown';
import { Field, FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type AdminArticle = InferResponseType<Api['v1']['admin']['articles'][':id']['$get'], 200>;
type Related = AdminArticle['relatedProducts'][number];

const blank = { title: '', slug: '', summary: '', topic: '', tags: '', body: '' };

/**
 * The article editor: fields, a Markdown body with its live preview (the same renderer as the storefront), cover
 * image, related products (found through the shop's search), and Save draft / Publish / Withdraw.
 */
export function ArticleEditor({ article }: { article: AdminArticle | null }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [f, setF] = useState(
    article ? { title: article.title, slug: article.slug, summary: article.summary, topic: article.topic, tags: article.tags.join(', '), body: article.body } : blank,
  );
  const [related, setRelated] = useState<Related[]>(article?.relatedProducts ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const set = (k: keyof typeof blank) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });

  const save = async (status: 'draft' | 'published') => {
    setBusy(true);
    setError(null);
    setIssues({});
    const json = {
      title: f.title,
      summary: f.summary,
      topic: f.topic,
      body: f.body,
      tags: f.tags.split(',').map((t) => t.trim()).filter(Boolean),
      relatedProductIds: related.map((r) => r.id),
      status,
      ...(f.slug.trim() ? { slug: f.slug.trim() } : {}),
    };
    try {
      const api = browserApi();
      const res = article ? await api.v1.admin.articles[':id'].$patch({ param: { id: article.id }, json }) : await api.v1.admin.articles.$post({ json });
      if (!res.ok) {
        const fail = await apiError(res);
        setError(fail.message);
        setIssues(fail.issues);
        return;
      }
      const saved = await res.json();
      notify('success', status === 'published' ? (article?.status === 'published' ? 'Đã lưu bài viết đã đăng.' : 'Đã đăng bài viết.') : article?.status === 'published' ? 'Đã gỡ bài viết về bản nháp.' : 'Đã lưu bản nháp.');
      if (!article) router.push(`/quan-tri/bai-viet/${saved.id}`);
      else router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="space-y-4">
      <div className="grid gap-3 rounded-xl border border-slate-200 bg-white p-4 sm:grid-cols-2">
        <div className="sm:col-span-2">
          <Field label="Tiêu đề" name="title" required value={f.title} onChange={set('title')} error={issues.title} />
        </div>
        <Field label="Đường dẫn (để trống: tạo từ tiêu đề)" name="slug" value={f.slug} onChange={set('slug')} error={issues.slug} />
        <Field label="Chủ đề" name="topic" required value={f.topic} onChange={set('topic')} error={issues.topic} hint="Ví dụ: Dùng thuốc đúng cách" />
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="summary" className="block text-sm font-medium text-slate-700">
            Tóm tắt
          </label>
          <textarea id="summary" className="input" rows={2} maxLength={500} value={f.summary} onChange={set('summary')} aria-invalid={issues.summary ? true : undefined} />
          {issues.summary && <p className="text-sm text-red-600">{issues.summary}</p>}
        </div>
        <div className="sm:col-span-2">
          <Field label="Thẻ (cách nhau bằng dấu phẩy)" name="tags" value={f.tags} onChange={set('tags')} error={issues.tags} />
        </div>
      </div>

      <div className="grid gap-3 lg:grid-cols-2">
        <div className="space-y-1">
          <label htmlFor="body" className="block text-sm font-medium text-slate-700">
            Nội dung (Markdown: ## tiêu đề, **đậm**, - danh sách)
          </label>
          <textarea id="body" className="input min-h-[24rem] font-mono text-sm" value={f.body} onChange={set('body')} aria-invalid={issues.body ? true : undefined} />
          {issues.body && <p className="text-sm text-red-600">{issues.body}</p>}
        </div>
        <section aria-labelledby="preview-title" className="rounded-xl border border-slate-200 bg-white p-4">
          <h2 id="preview-title" className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
            Xem trước
          </h2>
          <div data-testid="article-preview" className="text-slate-800">
            {f.body.trim() ? <Markdown source={f.body} /> : <p className="text-slate-500">Nội dung xem trước hiện ở đây.</p>}
          </div>
        </section>
      </div>

      <RelatedProducts value={related} onChange={setRelated} />

      <div className="flex flex-wrap items-center gap-2">
        <FormError message={error} />
        <button type="button" className="btn-secondary" disabled={busy || !hydrated} onClick={() => save('draft')}>
          {article?.status === 'published' ? 'Gỡ về bản nháp' : 'Lưu bản nháp'}
        </button>
        <button type="button" className="btn-primary" disabled={busy || !hydrated} onClick={() => save('published')}>
          {article?.status === 'published' ? 'Lưu và giữ đăng' : 'Đăng bài'}
        </button>
        {article?.status === 'published' && (
          <Link href={`/cam-nang/${article.slug}`} target="_blank" className="text-sm text-emerald-700 hover:underline">
            Xem trên cửa hàng
          </Link>
        )}
      </div>
    </div>
  );
}

/** Related products: search the shop's catalogue, add up to eight, remove. */
function RelatedProducts({ value, onChange }: { value: Related[]; onChange: (v: Related[]) => void }) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<Related[]>([]);
  const [searching, setSearching] = useState(false);
  const search = async (e: React.FormEvent) => {
    e.preventDefault();
    if (q.trim().length < 2) return;
    setSearching(true);
    try {
      const res = await browserApi().v1.search.$get({ query: { q: q.trim(), limit: '8' } });
      setHits(res.ok ? (await res.json()).items.map((p) => ({ id: p.id, slug: p.slug, name: p.name })) : []);
    } finally {
      setSearching(false);
    }
  };
  return (
    <section aria-labelledby="related-title" className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 id="related-title" className="mb-2 font-semibold">
        Sản phẩm liên quan ({value.length}/8)
      </h2>
      {value.length > 0 && (
        <ul className="mb-3 space-y-1" data-testid="related-products">
          {value.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 rounded bg-slate-50 px-2 py-1 text-sm">
              {p.name}
              <button type="button" className="text-red-700 hover:underline" onClick={() => onChange(value.filter((x) => x.id !== p.id))}>
                Bỏ
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={search} className="flex gap-2" role="search" aria-label="Tìm sản phẩm liên quan">
        <label htmlFor="related-q" className="sr-only">
          Tìm sản phẩm
        </label>
        <input id="related-q" className="input" placeholder="Tìm sản phẩm theo tên…" value={q} onChange={(e) => setQ(e.target.value)} />
        <button type="submit" className="btn-secondary" disabled={searching}>
          Tìm
        </button>
      </form>
      {hits.length > 0 && (
        <ul className="mt-2 space-y-1">
          {hits.map((p) => (
            <li key={p.id} className="flex items-center justify-between gap-2 text-sm">
              {p.name}
              <button type="button" className="btn-secondary px-2 py-0.5" disabled={value.length >= 8 || value.some((x) => x.id === p.id)} onClick={() => onChange([...value, p])} aria-label={`Thêm ${p.name}`}>
                Thêm
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Cover image upload (after the first save: the image is stored under the article's id) and delete. */
export function ArticleSideActions({ article }: { article: AdminArticle }) {
  const run = useAction();
  const router = useRouter();
  const api = browserApi();
  return (
    <div className="flex flex-wrap items-center gap-3">
      {article.cover && (
        // eslint-disable-next-line @next/next/no-img-element -- console thumbnail through the image route's own resizing
        <img src={`${article.cover.url}?w=256`} alt="Ảnh bìa" width={128} height={72} className="h-18 w-32 rounded object-cover" data-testid="article-cover" />
      )}
      <label className="btn-secondary cursor-pointer">
        {article.cover ? 'Đổi ảnh bìa' : 'Tải ảnh bìa'}
        <input
          type="file"
          accept="image/png,image/jpeg,image/webp"
          className="sr-only"
          aria-label="Tải ảnh bìa"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void run(() => api.v1.admin.articles[':id'].cover.$post({ param: { id: article.id }, form: { file } }), 'Đã cập nhật ảnh bìa.');
          }}
        />
      </label>
      <ConfirmDialog
        trigger="Xóa bài viết"
        danger
        title="Xóa bài viết?"
        body={`"${article.title}" sẽ bị xóa hẳn${article.status === 'published' ? ' và biến mất khỏi cửa hàng' : ''}.`}
        confirmLabel="Xóa bài viết"
        onConfirm={async () => {
          const ok = await run(() => api.v1.admin.articles[':id'].$delete({ param: { id: article.id } }), 'Đã xóa bài viết.');
          if (ok) router.push('/quan-tri/bai-viet');
          return ok;
        }}
      />
    </div>
  );
}
