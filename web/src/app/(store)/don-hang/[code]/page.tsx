import type { Metadata } from 'next';
import { OrderDetail } from '../../../../components/OrderDetail';

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Đơn hàng ${(await params).code}`, robots: { index: false } };
}

export default async function OrderPage({ params }: Props) {
  const { code } = await params;
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Đơn hàng {code}</h1>
      <OrderDetail code={code} />
    </div>
  );
}
