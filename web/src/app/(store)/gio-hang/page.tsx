import type { Metadata } from 'next';
import { CartView } from '../../../components/CartView';

export const metadata: Metadata = { title: 'Giỏ hàng', robots: { index: false } };

export default function CartPage() {
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Giỏ hàng</h1>
      <CartView />
    </div>
  );
}
