'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { apiError, browserApi } from '../lib/api';
import { safeNextPath, signInHref } from '../lib/safe-next';
import { useSubmit } from '../lib/use-submit';
import { useAppDispatch } from '../store/hooks';
import { sessionActions } from '../store/session';
import { uiActions } from '../store/ui';
import { Field, FormError, SubmitButton } from './Field';

/** Where to go after signing in: the `next` parameter when it is a path on this site (safeNextPath), else home. */
const nextPath = (params: URLSearchParams): string => safeNextPath(params.get('next'));

type Issues = Record<string, string>;

export function RegisterForm() {
  const router = useRouter();
  const params = useSearchParams();
  const dispatch = useAppDispatch();
  const [step, setStep] = useState<'form' | 'code'>('form');
  const [f, setF] = useState({ name: '', email: '', phone: '', password: '' });
  const [consent, setConsent] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Issues>({});

  const register = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await browserApi().v1.auth.register.$post({ json: { ...f, phone: f.phone || undefined, acceptPrivacyPolicy: consent }, header: {} });
    setBusy(false);
    if (res.ok) return setStep('code');
    const fail = await apiError(res);
    setError(fail.message);
    setIssues(fail.code === 'CONSENT_REQUIRED' ? { acceptPrivacyPolicy: fail.message } : fail.issues);
  };
  const verify = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const res = await browserApi().v1.auth['verify-email'].$post({ json: { email: f.email, code }, header: {} });
    setBusy(false);
    if (!res.ok) return setError((await apiError(res)).message);
    const { user } = await res.json();
    dispatch(sessionActions.signedIn(user));
    dispatch(uiActions.toast('success', `Chào mừng ${user.name} đến với Medicare!`));
    router.push(nextPath(params));
  };
  const resend = async () => {
    const res = await browserApi().v1.auth['resend-code'].$post({ json: { email: f.email }, header: {} });
    dispatch(res.ok ? uiActions.toast('info', 'Đã gửi lại mã xác minh.') : uiActions.toast('error', (await apiError(res)).message));
  };

  if (step === 'code') {
    return (
      <form onSubmit={verify} className="space-y-4" noValidate>
        <p className="text-sm text-slate-700">
          Chúng tôi đã gửi mã gồm 6 chữ số tới <strong>{f.email}</strong>. Mã có hiệu lực trong 15 phút.
        </p>
        <Field label="Mã xác minh" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} required />
        <FormError message={error} />
        <SubmitButton busy={busy}>Xác minh và đăng nhập</SubmitButton>
        <button type="button" onClick={resend} className="w-full text-sm text-emerald-700 hover:underline">
          Gửi lại mã
        </button>
      </form>
    );
  }
  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  return (
    <form onSubmit={register} className="space-y-4" noValidate>
      <Field label="Họ và tên" name="name" autoComplete="name" value={f.name} onChange={set('name')} error={issues.name} required />
      <Field label="Email" name="email" type="email" autoComplete="email" value={f.email} onChange={set('email')} error={issues.email} required />
      <Field label="Số điện thoại (không bắt buộc)" name="phone" type="tel" autoComplete="tel" value={f.phone} onChange={set('phone')} error={issues.phone} />
      <Field label="Mật khẩu" name="password" type="password" autoComplete="new-password" value={f.password} onChange={set('password')} error={issues.password} hint="Ít nhất 8 ký tự." required />
      <div className="space-y-1">
        <label className="flex items-start gap-2 text-sm text-slate-700">
          <input type="checkbox" name="acceptPrivacyPolicy" className="mt-1" checked={consent} onChange={(e) => setConsent(e.target.checked)} aria-invalid={issues.acceptPrivacyPolicy ? true : undefined} aria-describedby={issues.acceptPrivacyPolicy ? 'acceptPrivacyPolicy-error' : undefined} required />
          <span>
            Tôi đồng ý với{' '}
            <Link href="/chinh-sach/chinh-sach-bao-mat" target="_blank" className="text-emerald-700 underline">
              Chính sách bảo mật và dữ liệu sức khỏe
            </Link>{' '}
            và{' '}
            <Link href="/chinh-sach/dieu-khoan-su-dung" target="_blank" className="text-emerald-700 underline">
              Điều khoản sử dụng
            </Link>
            .
          </span>
        </label>
        {issues.acceptPrivacyPolicy && (
          <p id="acceptPrivacyPolicy-error" className="text-sm text-red-600">
            {issues.acceptPrivacyPolicy}
          </p>
        )}
      </div>
      <FormError message={error} />
      <SubmitButton busy={busy}>Đăng ký</SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Đã có tài khoản?{' '}
        <Link href={signInHref(nextPath(params))} className="text-emerald-700 underline">
          Đăng nhập
        </Link>
      </p>
    </form>
  );
}

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const dispatch = useAppDispatch();
  const { busy, error, submit: send } = useSubmit();
  // Read from the form itself, not from React state: what a shopper typed before hydration is in the inputs but was
  // never seen by an onChange, and a controlled value would submit it as empty (the e2e "first sign-in" timeout).
  const submit = async (e: React.FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const f = { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    const session = await send(() => browserApi().v1.auth.login.$post({ json: f, header: {} }));
    if (!session) return;
    dispatch(sessionActions.signedIn(session.user));
    router.push(nextPath(params));
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Mật khẩu" name="password" type="password" autoComplete="current-password" required />
      <FormError message={error} />
      <SubmitButton busy={busy}>Đăng nhập</SubmitButton>
      <p className="text-center text-sm">
        <Link href="/quen-mat-khau" className="text-emerald-700 hover:underline">
          Quên mật khẩu?
        </Link>
      </p>
      <p className="text-center text-sm text-slate-600">
        Chưa có tài khoản?{' '}
        <Link href={signInHref(nextPath(params), '/dang-ky')} className="text-emerald-700 underline">
          Đăng ký
        </Link>
      </p>
    </form>
  );
}

export function ForgotForm() {
  const [email, setEmail] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, submit: send } = useSubmit();
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const ok = await send(() => browserApi().v1.auth.password.forgot.$post({ json: { email }, header: {} }));
    if (ok) setDone(ok.message);
  };
  if (done) return <p className="rounded-lg bg-emerald-50 p-4 text-emerald-900">{done}</p>;
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Email đã đăng ký" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
      <FormError message={error} />
      <SubmitButton busy={busy}>Gửi liên kết đặt lại mật khẩu</SubmitButton>
    </form>
  );
}

export function ResetForm() {
  const router = useRouter();
  const params = useSearchParams();
  const dispatch = useAppDispatch();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const { busy, error: failed, submit: send } = useSubmit();
  const error = token ? failed : 'Liên kết không hợp lệ. Vui lòng yêu cầu liên kết mới.';
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!(await send(() => browserApi().v1.auth.password.reset.$post({ json: { token, password }, header: {} })))) return;
    dispatch(uiActions.toast('success', 'Đã đặt mật khẩu mới. Vui lòng đăng nhập lại.'));
    router.push('/dang-nhap');
  };
  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Mật khẩu mới" name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} hint="Ít nhất 8 ký tự." required />
      <FormError message={error} />
      <SubmitButton busy={busy}>Đặt mật khẩu mới</SubmitButton>
    </form>
  );
}
