import type { Metadata } from 'next';
import { ConsultationForm } from '../../../components/consultation/ConsultationForm';
import { LegalPath } from '../../../components/consultation/LegalPath';
import type { PickedProduct } from '../../../components/consultation/ProductPicker';
import { serverApi } from '../../../lib/api';

export const metadata: Metadata = {
  title: 'Gửi đơn thuốc / Tư vấn dược sĩ',
  description: 'Gửi ảnh đơn thuốc hoặc câu hỏi về thuốc: dược sĩ Medicare kiểm tra, tư vấn cách dùng và giữ thuốc kê đơn để bạn nhận tại nhà thuốc.',
};

type Props = { searchParams: Promise<{ 'san-pham'?: string | string[]; 'tro-ly'?: string | string[]; token?: string | string[] }> };

/** The products a page linked here with (`?san-pham=<slug>`, e.g. a prescription product's main button), picked already. */
async function linkedProducts(slugs: string[]): Promise<PickedProduct[]> {
  const api = await serverApi();
  const found = await Promise.all(
    slugs.slice(0, 10).map(async (slug) => {
      try {
        const res = await api.v1.products[':slug'].$get({ param: { slug } });
        if (!res.ok) return null;
        const p = await res.json();
        return { id: p.id, slug: p.slug, name: p.name, imageUrl: p.images[0]?.url ?? null, prescriptionRequired: p.prescriptionRequired };
      } catch {
        return null;
      }
    }),
  );
  return found.filter((p) => p !== null);
}

export default async function ConsultationPage({ searchParams }: Props) {
  const params = await searchParams;
  const raw = params['san-pham'];
  // "Hỏi dược sĩ" from Trợ lý Medicare (#18): the conversation whose transcript the form starts with and attaches.
  const [conversationId, handoffToken] = [params['tro-ly'], params.token];
  const assistant =
    typeof conversationId === 'string' && /^[A-Za-z0-9_-]{10,40}$/.test(conversationId) && typeof handoffToken === 'string' && /^[A-Za-z0-9._~-]{20,1000}$/.test(handoffToken) ? { conversationId, handoffToken } : undefined;
  const slugs = [...new Set((Array.isArray(raw) ? raw : raw ? [raw] : []).filter((s) => /^[a-z0-9-]{1,200}$/.test(s)))];
  const initial = slugs.length ? await linkedProducts(slugs) : [];
  return (
    <div className="space-y-6">
      <div id="consult-intro" className="space-y-2">
        <h1 className="text-2xl font-bold">Gửi đơn thuốc / Cần tư vấn dược sĩ</h1>
        <p className="text-slate-700">Gửi ảnh đơn thuốc hoặc câu hỏi về thuốc. Dược sĩ Medicare sẽ kiểm tra, gọi lại cho bạn và trả lời ngay trong tài khoản và qua email.</p>
      </div>
      <LegalPath />
      <ConsultationForm initialProducts={initial} assistant={assistant} />
    </div>
  );
}
