import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoginForm } from '../../../components/AuthForms';

export const metadata: Metadata = { title: 'Đăng nhập', description: 'Đăng nhập tài khoản Medicare.' };

export default function LoginPage() {
  return (
    <div className="mx-auto max-w-md rounded-xl bg-white p-6">
      <h1 className="mb-4 text-2xl font-bold">Đăng nhập</h1>
      <Suspense>
        <LoginForm />
      </Suspense>
    </div>
  );
}
