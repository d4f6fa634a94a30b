import type { Metadata } from 'next';
import { PaymentStatus } from '../../../../../components/PaymentStatus';

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Thanh toán đơn hàng ${(await params).code}`, robots: { index: false } };
}

export default async function PaymentPage({ params }: Props) {
  const { code } = await params;
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Thanh toán đơn hàng {code}</h1>
      <PaymentStatus code={code} />
    </div>
  );
}
