import type { Metadata } from 'next';
import { Account } from '../../../components/Account';

export const metadata: Metadata = { title: 'Tài khoản', robots: { index: false } };

export default function AccountPage() {
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">Tài khoản của tôi</h1>
      <Account />
    </div>
  );
}
