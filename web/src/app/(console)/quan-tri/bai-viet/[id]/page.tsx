import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ARTICLE_STATUS_LABELS as STATUS_LABELS } from '../../../../../components/console/article-labels';
import { ArticleEditor, ArticleSideActions } from '../../../../../components/console/articles';
import { gate } from '../../../../../components/console/gate';
import { LoadFailed } from '../../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../../components/console/ScreenHeader';

export const metadata: Metadata = { title: 'Soạn bài viết' };

/** The article editor: `/quan-tri/bai-viet/moi` writes a new one, `/quan-tri/bai-viet/{id}` edits one. */
export default async function ArticleEditorPage({ params }: { params: Promise<{ id: string }> }) {
  const g = await gate('articles');
  if (!g.ok) return g.view;
  const { id } = await params;
  const back = (
    <Link href="/quan-tri/bai-viet" className="btn-secondary">
      Về danh sách
    </Link>
  );
  if (id === 'moi') {
    return (
      <div>
        <ScreenHeader screen="articles" title="Viết bài mới">
          {back}
        </ScreenHeader>
        <ArticleEditor article={null} />
      </div>
    );
  }
  const res = await g.api.v1.admin.articles[':id'].$get({ param: { id } });
  const status: number = res.status;
  if (status === 404) notFound();
  if (!res.ok) return <LoadFailed res={res} />;
  const article = await res.json();
  return (
    <div>
      <ScreenHeader screen="articles" title={article.title}>
        {back}
      </ScreenHeader>
      <p className="mb-3 text-sm text-slate-600" data-testid="article-status">
        Trạng thái: <strong>{STATUS_LABELS[article.status]}</strong>
      </p>
      <div className="mb-4">
        <ArticleSideActions article={article} />
      </div>
      <ArticleEditor key={article.updatedAt} article={article} />
    </div>
  );
}
