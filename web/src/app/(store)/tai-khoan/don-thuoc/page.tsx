import type { Metadata } from 'next';
import { ConsultationList } from '../../../../components/consultation/ConsultationList';

export const metadata: Metadata = { title: 'Đơn thuốc và tư vấn', robots: { index: false } };

export default function ConsultationsPage() {
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Đơn thuốc và tư vấn</h1>
      <ConsultationList />
    </div>
  );
}
