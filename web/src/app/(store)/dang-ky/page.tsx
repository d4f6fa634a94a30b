import type { Metadata } from 'next';
import { Suspense } from 'react';
import { RegisterForm } from '../../../components/AuthForms';

export const metadata: Metadata = { title: 'Đăng ký tài khoản', description: 'Tạo tài khoản Medicare để theo dõi đơn hàng, lưu địa chỉ và nhận tư vấn từ dược sĩ.' };

export default function RegisterPage() {
  return (
    <div className="mx-auto max-w-md rounded-xl bg-white p-6">
      <h1 className="mb-4 text-2xl font-bold">Đăng ký tài khoản</h1>
      <Suspense>
        <RegisterForm />
      </Suspense>
    </div>
  );
}
