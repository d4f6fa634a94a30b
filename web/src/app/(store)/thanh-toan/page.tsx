import type { Metadata } from 'next';
import { Checkout } from '../../../components/Checkout';

export const metadata: Metadata = { title: 'Đặt hàng', robots: { index: false } };

export default function CheckoutPage() {
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Đặt hàng</h1>
      <Checkout />
    </div>
  );
}
