import type { InferResponseType } from 'hono/client';
import Link from 'next/link';
import { serverApi, type Api } from '../lib/api';

type Legal = InferResponseType<Api['v1']['legal']['$get'], 200>;

async function legal(): Promise<Legal | null> {
  try {
    const res = await (await serverApi()).v1.legal.$get();
    return res.ok ? await res.json() : null;
  } catch {
    return null;
  }
}

const link = 'text-emerald-700 hover:underline';

/**
 * The storefront footer (#17 legal, ADR 0041): a server component, no client JavaScript. The company's legal details
 * and licences come from the api's company profile (GET /v1/legal, the deployment's configuration), the policy links
 * from the published policy pages; the Ministry of Industry and Trade badge shows only once it is configured.
 */
export async function Footer() {
  const l = await legal();
  const c = l?.company;
  return (
    <footer className="mt-10 border-t border-slate-200 bg-white" data-testid="site-footer">
      <div className="mx-auto grid max-w-6xl gap-6 px-4 py-6 text-sm text-slate-600 md:grid-cols-[2fr_1fr_1fr]">
        <div className="space-y-1">
          <p className="font-semibold text-slate-800">{c?.name ?? 'Medicare'}</p>
          {c && (
            <>
              <p>
                Giấy chứng nhận đăng ký doanh nghiệp số {c.registration.number} do {c.registration.issuer} cấp lần đầu ngày {c.registration.issuedOn}
              </p>
              <p>Mã số thuế: {c.taxCode}</p>
              <p>Địa chỉ: {c.address}</p>
              <p>
                Hotline:{' '}
                <a href={`tel:${c.hotline.replace(/\s/g, '')}`} className={link}>
                  {c.hotline}
                </a>{' '}
                · Email:{' '}
                <a href={`mailto:${c.email}`} className={link}>
                  {c.email}
                </a>
              </p>
              <p>
                Giấy chứng nhận đủ điều kiện kinh doanh dược số {c.pharmacyLicence.number} do {c.pharmacyLicence.issuer} cấp
              </p>
              <p>
                Dược sĩ chịu trách nhiệm chuyên môn: {c.responsiblePharmacist.name} — Chứng chỉ hành nghề dược số {c.responsiblePharmacist.certificate}
              </p>
              {c.sample && <p className="text-xs text-amber-700">Thông tin doanh nghiệp đang là dữ liệu mẫu (số giả lập), chưa phải số thật.</p>}
            </>
          )}
        </div>
        <nav aria-label="Chính sách">
          <p className="mb-1 font-semibold text-slate-800">Chính sách</p>
          <ul className="space-y-1">
            {(l?.policies ?? []).map((p) => (
              <li key={p.key}>
                <Link href={`/chinh-sach/${p.slug}`} className={link}>
                  {p.title}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="space-y-1">
          <p className="mb-1 font-semibold text-slate-800">Hỗ trợ</p>
          <p>Dược sĩ tư vấn 8:00–22:00 hằng ngày</p>
          <p>
            <Link href="/tra-cuu-don-hang" className={link}>
              Tra cứu đơn hàng
            </Link>
          </p>
          <p>
            <Link href="/thuong-hieu" className={link}>
              Thương hiệu
            </Link>
          </p>
          {c?.ecommerceBadge && (
            <a href={c.ecommerceBadge.url} target="_blank" rel="noopener noreferrer" className="inline-block pt-2">
              {/* eslint-disable-next-line @next/next/no-img-element -- the Ministry's badge is served from its own site */}
              <img src={c.ecommerceBadge.imageUrl} alt="Đã thông báo Bộ Công Thương" width={150} height={57} loading="lazy" />
            </a>
          )}
        </div>
      </div>
    </footer>
  );
}
