import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { cache } from 'react';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { Markdown } from '../../../../components/markdown';
import { serverApi } from '../../../../lib/api';

type Props = { params: Promise<{ slug: string }> };

const policy = cache(async (slug: string) => {
  const res = await (await serverApi()).v1.policies[':slug'].$get({ param: { slug } });
  return res.ok ? res.json() : null;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await policy((await params).slug);
  return p ? { title: p.title, description: p.summary } : { title: 'Không tìm thấy chính sách' };
}

/** A policy page (#17 legal): server-rendered Markdown from the content system, with its version and update date. */
export default async function PolicyPage({ params }: Props) {
  const p = await policy((await params).slug);
  if (!p) notFound();
  return (
    <article className="mx-auto max-w-2xl rounded-xl bg-white p-6">
      <Breadcrumb items={[]} />
      <h1 className="mb-2 text-2xl font-bold leading-snug">{p.title}</h1>
      <p className="mb-1 text-slate-600">{p.summary}</p>
      <p className="mb-6 text-sm text-slate-500" data-testid="policy-version">
        Phiên bản {p.version} · cập nhật ngày {new Date(p.updatedAt).toLocaleDateString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}
      </p>
      <div className="text-slate-800">
        <Markdown source={p.body} />
      </div>
    </article>
  );
}
