'use client';
import Link from 'next/link';
import { useAppSelector } from '../store/hooks';

export function AccountLink() {
  const { user, checked } = useAppSelector((s) => s.session);
  if (!checked) return <span className="hidden w-20 sm:block" />;
  return user ? (
    <Link href="/tai-khoan" className="max-w-24 truncate rounded-full px-2 py-2 text-sm text-white hover:bg-emerald-800" data-testid="account-link" aria-label={`Tài khoản của ${user.name}`}>
      {user.name.split(' ').slice(-1)[0]}
    </Link>
  ) : (
    <Link href="/dang-nhap" className="whitespace-nowrap rounded-full px-2 py-2 text-sm text-white hover:bg-emerald-800">
      Đăng nhập
    </Link>
  );
}
