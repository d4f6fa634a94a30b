import type { Metadata } from 'next';
import { ForgotForm } from '../../../components/AuthForms';

export const metadata: Metadata = { title: 'Quên mật khẩu', robots: { index: false } };

export default function ForgotPage() {
  return (
    <div className="mx-auto max-w-md rounded-xl bg-white p-6">
      <h1 className="mb-2 text-2xl font-bold">Quên mật khẩu</h1>
      <p className="mb-4 text-sm text-slate-600">Nhập email của bạn, Medicare sẽ gửi liên kết đặt lại mật khẩu (hiệu lực 30 phút, dùng một lần).</p>
      <ForgotForm />
    </div>
  );
}
