import type { Metadata } from 'next';
import { Suspense } from 'react';
import { ResetForm } from '../../../components/AuthForms';

export const metadata: Metadata = { title: 'Đặt lại mật khẩu', robots: { index: false } };

export default function ResetPage() {
  return (
    <div className="mx-auto max-w-md rounded-xl bg-white p-6">
      <h1 className="mb-4 text-2xl font-bold">Đặt lại mật khẩu</h1>
      <Suspense>
        <ResetForm />
      </Suspense>
    </div>
  );
}
