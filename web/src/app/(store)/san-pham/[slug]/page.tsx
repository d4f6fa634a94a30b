import type { Metadata } from 'next';
import Image from 'next/image';
import Link from 'next/link';
import { notFound, permanentRedirect } from 'next/navigation';
import { cache, Suspense } from 'react';
import { Breadcrumb } from '../../../../components/Breadcrumb';
import { BuyBox } from '../../../../components/BuyBox';
import { StockAlert } from '../../../../components/StockAlert';
import { LegalPath } from '../../../../components/consultation/LegalPath';
import { Markdown } from '../../../../components/markdown';
import { ProductReviews } from '../../../../components/reviews/ProductReviews';
import { ProductQuestions } from '../../../../components/questions/ProductQuestions';
import { RecentlyViewed } from '../../../../components/RecentlyViewed';
import { RelatedProducts } from '../../../../components/related/RelatedProducts';
import { foundOrNull, serverApi } from '../../../../lib/api';
import { publicOrigin } from '../../../../lib/site';

type Props = { params: Promise<{ slug: string }> };

const product = cache(async (slug: string) => {
  const res = await (await serverApi()).v1.products[':slug'].$get({ param: { slug } }, { init: { redirect: 'manual' } });
  // An old slug (the product was renamed): the API answers 308 with the current slug; the page moves permanently.
  if (res.status === 308) permanentRedirect(`/san-pham/${encodeURIComponent((await res.json()).redirect.slug)}`);
  const p = await foundOrNull(res);
  if (!p) return null;
  if (p.slug !== slug) permanentRedirect(`/san-pham/${encodeURIComponent(p.slug)}`);
  return p;
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const p = await product((await params).slug);
  if (!p) return { title: 'Không tìm thấy sản phẩm' };
  // Absolute on the public origin: a relative URL would be resolved against the request's host (localhost behind wrangler).
  const origin = await publicOrigin();
  return { title: p.name, description: p.shortDescription || `${p.name} — ${p.brand.name}, chính hãng tại nhà thuốc Medicare.`, openGraph: { images: p.images[0] ? [`${origin}${p.images[0].url}?w=768`] : [] } };
}

/** One part of the product's leaflet; the catalogue writes them in Markdown. */
function Section({ title, text }: { title: string; text: string | null }) {
  if (!text) return null;
  return (
    <section className="border-t border-slate-200 py-4">
      <h2 className="mb-2 text-lg font-semibold">{title}</h2>
      <Markdown source={text} nested className="text-sm text-slate-700" />
    </section>
  );
}

export default async function ProductPage({ params }: Props) {
  // The pharmacists on duty are read alongside the product (one round trip's wait, not two).
  const [p, onDuty] = await Promise.all([
    product((await params).slug),
    serverApi().then((api) => api.v1.pharmacists['on-duty'].$get()).then((r) => (r.ok ? r.json() : { items: [] })).catch(() => ({ items: [] })),
  ]);
  if (!p) notFound();
  const main = p.images[0];
  const cheapest = p.units.reduce((a, u) => (u.price < a.price ? u : a), p.units[0]!);
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name,
    description: p.shortDescription,
    sku: p.units[0]?.id,
    brand: { '@type': 'Brand', name: p.brand.name },
    image: p.images.map((i) => i.url),
    ...(p.purchaseMode === 'cart'
      ? { offers: { '@type': 'AggregateOffer', priceCurrency: 'VND', lowPrice: cheapest.price, highPrice: Math.max(...p.units.map((u) => u.price)), offerCount: p.units.length, availability: p.availableBaseUnits > 0 ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock' } }
      : {}),
    // #17: only real ratings (the aggregate of approved reviews), and only when there is at least one.
    ...(p.rating.count > 0 ? { aggregateRating: { '@type': 'AggregateRating', ratingValue: p.rating.average, reviewCount: p.rating.count, bestRating: 5, worstRating: 1 } } : {}),
  };
  return (
    <article>
      <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, '\\u003c') }} />
      <Breadcrumb items={p.breadcrumb.map((b) => ({ href: `/danh-muc/${b.slug}`, name: b.name }))} />
      <div className="grid gap-6 md:grid-cols-2">
        <div>
          <div className="relative aspect-square overflow-hidden rounded-xl border border-slate-200 bg-white">
            {main ? <Image src={main.url} alt={main.alt} fill priority fetchPriority="high" sizes="(max-width: 768px) 100vw, 560px" className="object-contain p-6" /> : <div className="flex h-full items-center justify-center text-slate-600">Chưa có ảnh</div>}
          </div>
          {p.images.length > 1 && (
            <ul className="mt-3 flex gap-2" aria-label="Ảnh khác">
              {p.images.slice(1, 6).map((i) => (
                <li key={i.url} className="relative h-16 w-16 overflow-hidden rounded-lg border border-slate-200 bg-white">
                  <Image src={i.url} alt={i.alt} fill sizes="64px" className="object-contain p-1" />
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="space-y-4">
          <div>
            <p className="text-sm text-slate-600">
              Thương hiệu: <Link href={`/thuong-hieu/${p.brand.slug}`} className="font-medium text-emerald-700 hover:underline">{p.brand.name}</Link>
            </p>
            <h1 className="text-2xl font-bold leading-snug">{p.name}</h1>
            {p.prescriptionRequired && <p className="mt-1 inline-block rounded bg-amber-100 px-2 py-0.5 text-sm font-semibold text-amber-800">Thuốc kê đơn</p>}
            <p className="mt-2 text-sm text-slate-700">{p.shortDescription}</p>
          </div>
          <BuyBox productName={p.name} baseUnit={p.baseUnit} units={p.units} purchaseMode={p.purchaseMode} consultHref={`/tu-van-duoc-si?san-pham=${encodeURIComponent(p.slug)}`} />
          {p.units.every((u) => !u.inStock) && <StockAlert productId={p.id} />}
          {p.purchaseMode === 'consultation' && <LegalPath compact />}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded-xl bg-white p-4 text-sm">
            <dt className="text-slate-500">Dạng bào chế</dt>
            <dd>{p.dosageForm}</dd>
            <dt className="text-slate-500">Quy cách</dt>
            <dd>{p.packSpec}</dd>
            {p.activeIngredients.length > 0 && (
              <>
                <dt className="text-slate-500">Hoạt chất</dt>
                <dd>{p.activeIngredients.map((i) => `${i.name}${i.strength ? ` ${i.strength}` : ''}`).join(', ')}</dd>
              </>
            )}
            {p.registrationNumber && (
              <>
                <dt className="text-slate-500">Số đăng ký</dt>
                <dd>{p.registrationNumber}</dd>
              </>
            )}
            {p.manufacturer && (
              <>
                <dt className="text-slate-500">Nhà sản xuất</dt>
                <dd>{p.manufacturer.name}</dd>
              </>
            )}
            <dt className="text-slate-500">Xuất xứ</dt>
            <dd>{p.countryOfOrigin}</dd>
            {p.nearestExpiry && (
              <>
                <dt className="text-slate-500">Hạn dùng gần nhất</dt>
                <dd className={p.nearestExpiry.nearExpiry ? 'text-amber-700' : ''}>{p.nearestExpiry.date.split('-').reverse().join('/')}</dd>
              </>
            )}
          </dl>
          {onDuty.items.length > 0 && (
            <p className="rounded-xl bg-emerald-50 p-3 text-sm text-emerald-900">
              Dược sĩ đang trực: {onDuty.items.map((d) => `${d.name} (CCHN ${d.practisingCertificate})`).join(', ')}
            </p>
          )}
        </div>
      </div>
      <div className="mt-6 rounded-xl bg-white px-4">
        <Section title="Mô tả" text={p.description} />
        <Section title="Chỉ định" text={p.indications} />
        <Section title="Liều dùng và cách dùng" text={p.dosage} />
        <Section title="Tác dụng phụ" text={p.sideEffects} />
        <Section title="Chống chỉ định" text={p.contraindications} />
        <Section title="Thận trọng" text={p.precautions} />
        <Section title="Bảo quản" text={p.storage} />
      </div>
      <RelatedProducts slug={p.slug} />
      {/* Below the fold: streamed after the buy box rather than holding the whole page until they are read. */}
      <Suspense fallback={null}>
        <ProductReviews slug={p.slug} />
      </Suspense>
      <Suspense fallback={null}>
        <ProductQuestions productId={p.id} slug={p.slug} />
      </Suspense>
      <RecentlyViewed productId={p.id} />
    </article>
  );
}
