'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { apiError, browserApi } from '../../lib/api';
import type { PickedFile } from '../../lib/consultation-files';
import type { ConsultationPayload } from '../../../../shared/src/consultations/schemas';
import type { Consultation } from './ConsultationDetail';
import { useAppDispatch, useAppSelector } from '../../store/hooks';
import { uiActions } from '../../store/ui';
import { Field, FormError, useHydrated } from '../Field';
import { FilePicker } from './FilePicker';
import { ProductPicker, type PickedProduct } from './ProductPicker';

/** The api's contact times (ConsultationDetail.preferredContactTime): a value it adds fails this record's type. */
type ContactTime = Consultation['preferredContactTime'];
const CONTACT_TIME_OPTIONS: Record<ContactTime, string> = {
  any: 'Bất kỳ lúc nào',
  morning: 'Buổi sáng (8:00–12:00)',
  afternoon: 'Buổi chiều (12:00–17:00)',
  evening: 'Buổi tối (17:00–21:00)',
};
const CONTACT_TIMES = (['any', 'morning', 'afternoon', 'evening'] satisfies ContactTime[]).map((value) => ({ value, label: CONTACT_TIME_OPTIONS[value] }));

const TEXT_MAX = 2000;
const textArea = 'mt-1 w-full rounded-lg border border-slate-300 bg-white px-3 py-2 outline-none focus:border-emerald-600 focus:ring-2 focus:ring-emerald-200 disabled:bg-slate-100';
const card = 'space-y-4 rounded-xl bg-white p-4 sm:p-6';

/** Who sends: a signed-in account, a guest already confirmed (consultation identity cookie), or a guest to confirm. */
type Identity = 'checking' | 'account' | 'guest-confirmed' | 'guest';

/**
 * "Gửi đơn thuốc / Cần tư vấn dược sĩ": products (prescription-only included), prescription photos or a PDF,
 * symptoms and notes, preferred contact time. A guest gives name, phone and email and confirms them with the
 * one-time code mailed to them before the consultation is sent; what they filled in stays while they do.
 */
export function ConsultationForm({ initialProducts, assistant }: { initialProducts: PickedProduct[]; assistant?: { conversationId: string; handoffToken: string } }) {
  const assistantConversationId = assistant?.conversationId;
  const router = useRouter();
  const dispatch = useAppDispatch();
  const hydrated = useHydrated();
  const { user, checked } = useAppSelector((s) => s.session);
  const [identity, setIdentity] = useState<Identity>('checking');
  const [products, setProducts] = useState<PickedProduct[]>(initialProducts);
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [symptoms, setSymptoms] = useState('');
  const [note, setNote] = useState('');
  const [contactTime, setContactTime] = useState<ContactTime>('any');
  const [contactPhone, setContactPhone] = useState('');
  const [guest, setGuest] = useState({ name: '', phone: '', email: '' });
  const [step, setStep] = useState<'form' | 'code'>('form');
  const [code, setCode] = useState('');
  const [resendAt, setResendAt] = useState(0);
  const [now, setNow] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const errorBox = useRef<HTMLDivElement>(null);
  const [fromAssistant, setFromAssistant] = useState(false);

  // #18 "Hỏi dược sĩ" from Trợ lý Medicare (`?tro-ly=<conversation>`): the symptoms start as that conversation's
  // transcript (this tab's copy, kept by the widget), which the shopper may edit before sending. Imported only then,
  // so the form's first load does not carry it.
  useEffect(() => {
    if (!assistantConversationId) return;
    void import('../../lib/assistant/storage').then(({ readConversation, transcriptText }) => {
      const saved = readConversation();
      const text = saved.conversationId === assistantConversationId ? transcriptText(saved.turns, TEXT_MAX) : '';
      if (!text) return;
      setSymptoms((s) => s || text);
      setFromAssistant(true);
    });
  }, [assistantConversationId]);

  // Signed in, or a guest whose confirmed identity (HttpOnly cookie) is still valid: GET /v1/consultations answers them.
  useEffect(() => {
    if (!checked) return;
    if (user) {
      setIdentity('account');
      setContactPhone((p) => p || user.phone || '');
      return;
    }
    void browserApi()
      .v1.consultations.$get()
      .then((r) => setIdentity(r.ok ? 'guest-confirmed' : 'guest'))
      .catch(() => setIdentity('guest'));
  }, [checked, user]);
  useEffect(() => {
    if (step !== 'code') return;
    document.getElementById('otp-code')?.focus();
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [step]);

  const fail = (message: string, fieldIssues: Record<string, string> = {}) => {
    setError(message);
    setIssues(fieldIssues);
    requestAnimationFrame(() => errorBox.current?.focus());
  };
  const disabled = !hydrated || busy || identity === 'checking';

  const validate = (): boolean => {
    if (products.length === 0 && files.length === 0 && !symptoms.trim()) {
      fail('Vui lòng chọn sản phẩm cần tư vấn, gửi ảnh đơn thuốc hoặc mô tả triệu chứng.');
      return false;
    }
    if (identity === 'guest') {
      const found: Record<string, string> = {};
      if (!guest.name.trim()) found.name = 'Vui lòng nhập họ tên.';
      if (!/^(\+?84|0)\d{9}$/.test(guest.phone.replace(/[\s.-]/g, ''))) found.phone = 'Số điện thoại chưa đúng (10 số, bắt đầu bằng 0).';
      if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(guest.email.trim())) found.email = 'Email chưa đúng.';
      if (Object.keys(found).length) {
        fail('Vui lòng kiểm tra thông tin liên hệ.', found);
        return false;
      }
    }
    return true;
  };

  const send = async () => {
    const payload = {
      productIds: products.map((p) => p.id),
      preferredContactTime: contactTime,
      ...(symptoms.trim() ? { symptoms: symptoms.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(contactPhone.trim() ? { contactPhone: contactPhone.trim() } : {}),
    };
    const post = (p: ConsultationPayload) => browserApi().v1.consultations.$post({ form: { payload: JSON.stringify(p), files: files.map((f) => f.file) } });
    // #18: from "Hỏi dược sĩ", the assistant's transcript is attached server-side (hand-off token of the link). A stale
    // link (404 ASSISTANT_HANDOFF_INVALID) does not stop the consultation: it is sent without the attachment (the
    // symptoms already carry this tab's transcript).
    let res = await post(assistant ? { ...payload, assistantConversationId: assistant.conversationId, assistantHandoffToken: assistant.handoffToken } : payload);
    if (assistant && (res.status as number) === 404) res = await post(payload);
    if (!res.ok) {
      const e = await apiError(res);
      if ((res.status as number) === 401) {
        setIdentity('guest');
        setStep('form');
        return fail('Phiên xác nhận đã hết hạn. Vui lòng xác nhận lại số điện thoại và email.');
      }
      return fail(e.message, e.issues);
    }
    const created = await res.json();
    dispatch(uiActions.toast('success', `Đã gửi yêu cầu tư vấn ${created.code}. Dược sĩ sẽ liên hệ với bạn sớm.`));
    router.push(`/tai-khoan/don-thuoc/${created.code}`);
  };

  const requestCode = async () => {
    const res = await browserApi().v1.consultations.otp.$post({ json: { name: guest.name.trim(), phone: guest.phone.trim(), email: guest.email.trim() } });
    if (!res.ok) {
      const e = await apiError(res);
      return fail(e.message, e.issues);
    }
    const sent = await res.json();
    setResendAt(Date.now() + sent.resendAfterSeconds * 1000);
    setNow(Date.now());
    setCode('');
    setError(null);
    setIssues({});
    setStep('code');
  };

  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    try {
      await fn();
    } catch {
      fail('Không kết nối được tới Medicare. Vui lòng kiểm tra mạng và thử lại.');
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setIssues({});
    if (!validate()) return;
    void run(identity === 'guest' ? requestCode : send);
  };

  const onVerify = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const digits = code.replace(/\D/g, '');
      if (digits.length !== 6) return fail('Mã xác nhận gồm 6 chữ số.', { code: 'Mã xác nhận gồm 6 chữ số.' });
      const res = await browserApi().v1.consultations.otp.verify.$post({ json: { phone: guest.phone.trim(), code: digits } });
      if (!res.ok) {
        const e = await apiError(res);
        return fail(e.message, { code: e.message });
      }
      setIdentity('guest-confirmed');
      setError(null);
      setIssues({});
      await send();
    });
  };

  if (step === 'code') {
    const wait = Math.max(0, Math.ceil((resendAt - now) / 1000));
    return (
      <form onSubmit={onVerify} className={`${card} mx-auto max-w-md`} noValidate aria-labelledby="otp-title">
        <h2 id="otp-title" className="text-lg font-semibold">
          Nhập mã xác nhận
        </h2>
        <p className="text-sm text-slate-700" aria-live="polite">
          Chúng tôi đã gửi mã gồm 6 chữ số tới <strong>{guest.email.trim()}</strong>. Mã có hiệu lực trong 10 phút.
        </p>
        <Field
          label="Mã xác nhận"
          name="otp-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          disabled={disabled}
          error={issues.code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
        />
        <div ref={errorBox} tabIndex={-1} className="outline-none">
          <FormError message={issues.code ? null : error} />
        </div>
        <button type="submit" disabled={disabled} className="w-full rounded-lg bg-emerald-700 px-4 py-2.5 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60">
          {busy ? 'Đang gửi…' : 'Xác nhận và gửi yêu cầu'}
        </button>
        <div className="flex flex-wrap justify-between gap-2 text-sm">
          <button type="button" className="text-emerald-700 underline disabled:text-slate-400 disabled:no-underline" disabled={disabled || wait > 0} onClick={() => void run(requestCode)}>
            {wait > 0 ? `Gửi lại mã sau ${wait} giây` : 'Gửi lại mã'}
          </button>
          <button type="button" className="text-slate-600 underline" disabled={busy} onClick={() => (setStep('form'), setError(null), setIssues({}))}>
            Sửa thông tin
          </button>
        </div>
      </form>
    );
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate aria-describedby="consult-intro" data-testid="consultation-form">
      <section className={card} aria-labelledby="sec-products">
        <h2 id="sec-products" className="text-lg font-semibold">
          1. Sản phẩm bạn cần tư vấn
        </h2>
        <ProductPicker value={products} onChange={setProducts} disabled={disabled} />
      </section>

      <section className={card} aria-labelledby="sec-files">
        <h2 id="sec-files" className="text-lg font-semibold">
          2. Đơn thuốc của bác sĩ
        </h2>
        <FilePicker value={files} onChange={setFiles} disabled={disabled} />
      </section>

      <section className={card} aria-labelledby="sec-notes">
        <h2 id="sec-notes" className="text-lg font-semibold">
          3. Triệu chứng và ghi chú
        </h2>
        <div>
          <label htmlFor="symptoms" className="block text-sm font-medium text-slate-700">
            Triệu chứng
          </label>
          {fromAssistant && (
            <span className="mt-1 block text-xs text-emerald-800" data-testid="assistant-transcript-note">
              Đã điền sẵn cuộc trò chuyện của bạn với Trợ lý Medicare; bạn có thể sửa trước khi gửi.
            </span>
          )}
          <textarea id="symptoms" name="symptoms" rows={fromAssistant ? 8 : 3} maxLength={TEXT_MAX} disabled={disabled} className={textArea} placeholder="Ví dụ: sốt 38,5°C từ hôm qua, ho có đờm…" value={symptoms} onChange={(e) => setSymptoms(e.target.value)} />
        </div>
        <div>
          <label htmlFor="note" className="block text-sm font-medium text-slate-700">
            Ghi chú cho dược sĩ
          </label>
          <textarea id="note" name="note" rows={3} maxLength={TEXT_MAX} disabled={disabled} className={textArea} placeholder="Tiền sử dị ứng, thuốc đang dùng, đang mang thai hoặc cho con bú…" value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      </section>

      <section className={card} aria-labelledby="sec-contact">
        <h2 id="sec-contact" className="text-lg font-semibold">
          4. Liên hệ
        </h2>
        {identity === 'guest' && (
          <div className="space-y-3">
            <p className="text-sm text-slate-600">
              Bạn chưa đăng nhập: nhập họ tên, số điện thoại để dược sĩ gọi lại và email để nhận mã xác nhận.{' '}
              <Link href="/dang-nhap?next=%2Ftu-van-duoc-si" className="text-emerald-700 underline">
                Đăng nhập
              </Link>{' '}
              để theo dõi yêu cầu trong tài khoản.
            </p>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field label="Họ và tên" name="guest-name" autoComplete="name" value={guest.name} disabled={disabled} error={issues.name} onChange={(e) => setGuest({ ...guest, name: e.target.value })} />
              <Field label="Số điện thoại" name="guest-phone" type="tel" autoComplete="tel" value={guest.phone} disabled={disabled} error={issues.phone} onChange={(e) => setGuest({ ...guest, phone: e.target.value })} />
              <Field label="Email" name="guest-email" type="email" autoComplete="email" value={guest.email} disabled={disabled} error={issues.email} onChange={(e) => setGuest({ ...guest, email: e.target.value })} />
            </div>
          </div>
        )}
        {identity !== 'guest' && (
          <Field
            label="Số điện thoại để dược sĩ gọi lại"
            name="contact-phone"
            type="tel"
            autoComplete="tel"
            value={contactPhone}
            disabled={disabled}
            error={issues.contactPhone}
            hint={identity === 'guest-confirmed' ? 'Để trống: dược sĩ gọi số bạn đã xác nhận.' : undefined}
            onChange={(e) => setContactPhone(e.target.value)}
          />
        )}
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-700">Thời gian thuận tiện để liên hệ</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {CONTACT_TIMES.map((t) => (
              <label key={t.value} className={`flex cursor-pointer items-center gap-2 rounded-lg border px-3 py-2 text-sm ${contactTime === t.value ? 'border-emerald-600 bg-emerald-50' : 'border-slate-300'}`}>
                <input type="radio" name="contact-time" value={t.value} checked={contactTime === t.value} disabled={disabled} onChange={() => setContactTime(t.value)} />
                {t.label}
              </label>
            ))}
          </div>
        </fieldset>
      </section>

      <div ref={errorBox} tabIndex={-1} className="outline-none">
        <FormError message={error} />
      </div>
      <button type="submit" disabled={disabled} className="w-full rounded-lg bg-emerald-700 px-4 py-3 font-semibold text-white hover:bg-emerald-800 disabled:opacity-60 sm:w-auto sm:px-8">
        {busy ? 'Đang gửi…' : identity === 'guest' ? 'Nhận mã xác nhận qua email' : 'Gửi yêu cầu tư vấn'}
      </button>
    </form>
  );
}
