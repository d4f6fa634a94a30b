import type { Metadata } from 'next';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Markdown } from '../../../../components/markdown';
import { serverApi } from '../../../../lib/api';

type Props = { params: Promise<{ slug: string }> };

const article = cache(async (slug: string) => {
  const res = await (await serverApi()).v1.articles[':slug'].$get({ param: { slug } });
  return res.ok ? res.json() : null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const a = await article((await params).slug);
  return a ? { title: a.title, description: a.summary } : { title: 'Không tìm thấy bài viết' };
}

export default async function ArticlePage({ params }: Props) {
  const a = await article((await params).slug);
  if (!a) notFound();
  return (
    <article className="mx-auto max-w-2xl rounded-xl bg-white p-6">
      <Breadcrumb items={[{ href: '/cam-nang', name: 'Cẩm nang sức khỏe' }]} />
      <p className="text-sm font-medium text-emerald-700">{a.topic}</p>
      <h1 className="mb-2 text-2xl font-bold leading-snug">{a.title}</h1>
      <p className="mb-6 text-slate-600">{a.summary}</p>
      <Markdown source={a.body} className="text-slate-800" />
      <p className="mt-8 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">Bài viết mang tính tham khảo, không thay thế chẩn đoán và chỉ định của bác sĩ. Cần tư vấn? Gọi dược sĩ Medicare: 1900 6868.</p>
    </article>
  );
}
