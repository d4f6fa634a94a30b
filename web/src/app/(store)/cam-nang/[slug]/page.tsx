import type { Metadata } from 'next';
import Image from 'next/image';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Markdown } from '../../../../components/markdown';
import { ProductGrid } from '../../../../components/ProductCard';
import { foundOrNull, serverApi } from '../../../../lib/api';

type Props = { params: Promise<{ slug: string }> };

const article = cache(async (slug: string) => {
  const res = await (await serverApi()).v1.articles[':slug'].$get({ param: { slug } });
  return foundOrNull(res);
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const a = await article((await params).slug);
  return a ? { title: a.title, description: a.summary, openGraph: { images: a.cover ? [`${a.cover.url}?w=768`] : [] } } : { title: 'Không tìm thấy bài viết' };
}

export default async function ArticlePage({ params }: Props) {
  const a = await article((await params).slug);
  if (!a) notFound();
  return (
    <>
    <article className="mx-auto max-w-2xl rounded-xl bg-white p-6">
      <Breadcrumb items={[{ href: '/cam-nang', name: 'Cẩm nang sức khỏe' }]} />
      <p className="text-sm font-medium text-emerald-700">{a.topic}</p>
      <h1 className="mb-2 text-2xl font-bold leading-snug">{a.title}</h1>
      <p className="mb-6 text-slate-600">{a.summary}</p>
      {a.cover && (
        <div className="relative mb-6 aspect-[16/9] overflow-hidden rounded-lg bg-slate-50">
          <Image src={a.cover.url} alt={a.cover.alt} fill sizes="(max-width: 768px) 100vw, 672px" className="object-cover" priority />
        </div>
      )}
      <div className="text-slate-800">
        <Markdown source={a.body} />
      </div>
      {a.tags.length > 0 && (
        <ul className="mt-6 flex flex-wrap gap-2" aria-label="Thẻ">
          {a.tags.map((t) => (
            <li key={t} className="rounded-full bg-slate-100 px-3 py-1 text-xs text-slate-700">
              #{t}
            </li>
          ))}
        </ul>
      )}
      <p className="mt-8 rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900">Bài viết mang tính tham khảo, không thay thế chẩn đoán và chỉ định của bác sĩ. Cần tư vấn? Gọi dược sĩ Medicare: 1900 6868.</p>
    </article>
    {a.relatedProducts.length > 0 && (
      <section aria-labelledby="san-pham-lien-quan" className="mx-auto mt-6 max-w-4xl">
        <h2 id="san-pham-lien-quan" className="mb-3 text-lg font-semibold">
          Sản phẩm liên quan
        </h2>
        <ProductGrid items={a.relatedProducts} />
      </section>
    )}
    </>
  );
}
