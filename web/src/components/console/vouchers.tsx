'use client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { describeVoucherRule, voucherConditions } from '../../../../shared/src/vouchers/describe';
import { apiError, browserApi, type Api } from '../../lib/api';
import { Field, FormError, useHydrated } from '../Field';
import { ConfirmDialog } from './ConfirmDialog';
import { useToast } from './Toaster';
import { useAction } from './use-action';

export type VoucherRow = InferResponseType<Api['v1']['admin']['vouchers']['$get'], 200>['items'][number];
type CreateBody = InferRequestType<Api['v1']['admin']['vouchers']['$post']>['json'];
type PatchBody = InferRequestType<Api['v1']['admin']['vouchers'][':id']['$patch']>['json'];
export type Option = [value: string, label: string];

const KINDS = [
  ['order', 'Giảm giá đơn hàng'],
  ['shipping', 'Giảm phí vận chuyển'],
] as const satisfies ReadonlyArray<readonly [VoucherRow['kind'], string]>;
const TYPES = [
  ['percent', 'Theo phần trăm (%)'],
  ['fixed', 'Số tiền cố định (đ)'],
] as const satisfies ReadonlyArray<readonly [VoucherRow['discountType'], string]>;

const VN_OFFSET = 7 * 3_600_000;
/** ms → the value of a `datetime-local` input, in Vietnam time. */
const toLocal = (ms: number) => new Date(ms + VN_OFFSET).toISOString().slice(0, 16);
/** A `datetime-local` value read as Vietnam time → ms (NaN when empty or invalid). */
const fromLocal = (s: string) => (s ? Date.parse(`${s}:00+07:00`) : Number.NaN);
/** An integer typed by a person: digits only ("50.000" → 50000); null when empty. */
const int = (s: string): number | null => {
  const d = s.replace(/[^\d]/g, '');
  return d ? Number(d) : null;
};

interface FormState {
  code: string;
  name: string;
  description: string;
  kind: VoucherRow['kind'];
  discountType: VoucherRow['discountType'];
  discountValue: string;
  maxDiscount: string;
  minSubtotal: string;
  startsAt: string;
  endsAt: string;
  usageLimit: string;
  perUserLimit: string;
  scopeCategory: string;
  scopeBrand: string;
  active: boolean;
}

function initial(v: VoucherRow | null): FormState {
  const now = Date.now();
  return {
    code: v?.code ?? '',
    name: v?.name ?? '',
    description: v?.description ?? '',
    kind: v?.kind ?? 'order',
    discountType: v?.discountType ?? 'percent',
    discountValue: v ? String(v.discountValue) : '',
    maxDiscount: v?.maxDiscount ? String(v.maxDiscount) : '',
    minSubtotal: v ? String(v.minSubtotal) : '0',
    startsAt: toLocal(v?.startsAt ?? now),
    endsAt: toLocal(v?.endsAt ?? now + 30 * 86_400_000),
    usageLimit: v?.usageLimit ? String(v.usageLimit) : '',
    perUserLimit: String(v?.perUserLimit ?? 1),
    scopeCategory: v?.scopeCategory ?? '',
    scopeBrand: v?.scopeBrand ?? '',
    active: v?.active ?? true,
  };
}

/**
 * Create (no `voucher`) or edit a voucher, with a live preview of its rule in the words the shop uses
 * (`describeVoucherRule` / `voucherConditions`, the same functions the api answers with). The prescription exclusion
 * is part of every preview: it is the law, not a setting.
 */
export function VoucherForm({ voucher, categories, brands }: { voucher: VoucherRow | null; categories: Option[]; brands: Option[] }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const [f, setF] = useState<FormState>(() => initial(voucher));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const set = (k: keyof FormState) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>) => setF({ ...f, [k]: e.target.value });
  const kind = KINDS.find(([k]) => k === f.kind)?.[0] ?? 'order';
  const discountType = TYPES.find(([t]) => t === f.discountType)?.[0] ?? 'percent';

  const value = int(f.discountValue);
  const previewInput = {
    kind,
    discountType,
    discountValue: value ?? 0,
    maxDiscount: int(f.maxDiscount),
    minSubtotal: int(f.minSubtotal) ?? 0,
    startsAt: fromLocal(f.startsAt) || null,
    endsAt: fromLocal(f.endsAt) || null,
    usageLimit: int(f.usageLimit),
    perUserLimit: int(f.perUserLimit),
    scopeCategoryName: categories.find(([s]) => s === f.scopeCategory)?.[1] ?? null,
    scopeBrandName: brands.find(([s]) => s === f.scopeBrand)?.[1] ?? null,
    excludedProductIds: voucher?.excludedProductIds ?? [],
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setIssues({});
    const startsAt = fromLocal(f.startsAt);
    const endsAt = fromLocal(f.endsAt);
    if (!Number.isFinite(startsAt) || !Number.isFinite(endsAt)) {
      setIssues({ startsAt: 'Chọn thời gian bắt đầu và kết thúc.' });
      return;
    }
    const common = {
      name: f.name,
      description: f.description.trim() || null,
      kind,
      discountType,
      discountValue: value ?? 0,
      maxDiscount: discountType === 'percent' ? int(f.maxDiscount) : null,
      minSubtotal: int(f.minSubtotal) ?? 0,
      startsAt,
      endsAt,
      usageLimit: int(f.usageLimit),
      perUserLimit: int(f.perUserLimit) ?? 1,
      scopeCategory: f.scopeCategory || null,
      scopeBrand: f.scopeBrand || null,
      active: f.active,
    };
    setBusy(true);
    try {
      const api = browserApi();
      const res = voucher
        ? await api.v1.admin.vouchers[':id'].$patch({ param: { id: voucher.id }, json: common satisfies PatchBody })
        : await api.v1.admin.vouchers.$post({ json: { ...common, code: f.code, excludedProductIds: [] } satisfies CreateBody });
      if (!res.ok) {
        const fail = await apiError(res);
        setError(fail.message);
        setIssues(fail.issues);
        return;
      }
      const saved = await res.json();
      notify('success', voucher ? `Đã lưu mã ${saved.code}.` : `Đã tạo mã ${saved.code}.`);
      if (!voucher) setF(initial(null));
      router.push('/quan-tri/ma-giam-gia');
      router.refresh();
    } catch {
      setError('Không kết nối được tới máy chủ. Vui lòng thử lại.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={voucher ? `Sửa mã ${voucher.code}` : 'Tạo mã giảm giá'} className="mt-3 grid gap-4 lg:grid-cols-[1fr_20rem]">
      <div className="grid gap-3 sm:grid-cols-2">
        {voucher ? (
          <p className="text-sm sm:col-span-2">
            Mã: <strong className="font-mono">{voucher.code}</strong> (không đổi được)
          </p>
        ) : (
          <Field label="Mã (chữ in hoa, số)" name="code" required autoComplete="off" value={f.code} onChange={(e) => setF({ ...f, code: e.target.value.toUpperCase() })} error={issues.code} />
        )}
        <Field label="Tên chương trình" name="name" required value={f.name} onChange={set('name')} error={issues.name} />
        <Select id="v-kind" label="Loại mã" value={kind} onChange={set('kind')} options={KINDS} />
        <Select id="v-type" label="Kiểu giảm" value={discountType} onChange={set('discountType')} options={TYPES} />
        <Field label={discountType === 'percent' ? 'Mức giảm (%)' : 'Mức giảm (đ)'} name="discountValue" inputMode="numeric" required value={f.discountValue} onChange={set('discountValue')} error={issues.discountValue} />
        {discountType === 'percent' && <Field label="Giảm tối đa (đ, để trống: không giới hạn)" name="maxDiscount" inputMode="numeric" value={f.maxDiscount} onChange={set('maxDiscount')} error={issues.maxDiscount} />}
        <Field label="Giá trị đơn tối thiểu (đ)" name="minSubtotal" inputMode="numeric" value={f.minSubtotal} onChange={set('minSubtotal')} error={issues.minSubtotal} />
        <Field label="Bắt đầu (giờ Việt Nam)" name="startsAt" type="datetime-local" required value={f.startsAt} onChange={set('startsAt')} error={issues.startsAt} />
        <Field label="Kết thúc (giờ Việt Nam)" name="endsAt" type="datetime-local" required value={f.endsAt} onChange={set('endsAt')} error={issues.endsAt} />
        <Field label="Tổng lượt dùng (để trống: không giới hạn)" name="usageLimit" inputMode="numeric" value={f.usageLimit} onChange={set('usageLimit')} error={issues.usageLimit} />
        <Field label="Số lần mỗi khách được dùng" name="perUserLimit" inputMode="numeric" value={f.perUserLimit} onChange={set('perUserLimit')} error={issues.perUserLimit} />
        <Select id="v-category" label="Chỉ áp dụng cho danh mục" value={f.scopeCategory} onChange={set('scopeCategory')} options={categories} any="Mọi danh mục" />
        <Select id="v-brand" label="Chỉ áp dụng cho thương hiệu" value={f.scopeBrand} onChange={set('scopeBrand')} options={brands} any="Mọi thương hiệu" />
        <div className="space-y-1 sm:col-span-2">
          <label htmlFor="v-description" className="block text-sm font-medium text-slate-700">
            Mô tả (không bắt buộc)
          </label>
          <textarea id="v-description" rows={2} maxLength={1000} value={f.description} onChange={set('description')} className="input" />
        </div>
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={f.active} onChange={(e) => setF({ ...f, active: e.target.checked })} />
          Đang bật (khách dùng được trong thời gian áp dụng)
        </label>
        <div className="space-y-2 sm:col-span-2">
          <FormError message={error} />
          <div className="flex gap-2">
            <button type="submit" className="btn-primary" disabled={busy || !hydrated}>
              {busy ? 'Đang lưu…' : voucher ? 'Lưu thay đổi' : 'Tạo mã giảm giá'}
            </button>
            {voucher && (
              <Link href="/quan-tri/ma-giam-gia" className="btn-secondary">
                Hủy sửa
              </Link>
            )}
          </div>
        </div>
      </div>
      <aside aria-label="Xem trước quy tắc" className="h-fit rounded-xl border border-emerald-200 bg-emerald-50 p-3 text-sm" data-testid="voucher-preview">
        <p className="text-xs font-semibold uppercase tracking-wide text-emerald-800">Khách sẽ thấy</p>
        <p className="mt-1 text-base font-semibold text-slate-900" data-testid="voucher-preview-rule" aria-live="polite">
          {value ? describeVoucherRule(previewInput) : 'Nhập mức giảm để xem quy tắc.'}
        </p>
        <ul className="mt-2 list-disc space-y-1 pl-4 text-slate-700">
          {voucherConditions(previewInput).map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </aside>
    </form>
  );
}

function Select(props: { id: string; label: string; value: string; onChange: (e: React.ChangeEvent<HTMLSelectElement>) => void; options: ReadonlyArray<readonly [string, string]>; any?: string }) {
  return (
    <div className="space-y-1">
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-700">
        {props.label}
      </label>
      <select id={props.id} value={props.value} onChange={props.onChange} className="input">
        {props.any !== undefined && <option value="">{props.any}</option>}
        {props.options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Turn a voucher off (or back on) behind a confirmation; audited by the api. */
export function VoucherToggle({ voucher }: { voucher: VoucherRow }) {
  const run = useAction();
  const off = voucher.active;
  return (
    <ConfirmDialog
      trigger={off ? 'Tắt' : 'Bật lại'}
      danger={off}
      title={off ? `Tắt mã ${voucher.code}?` : `Bật lại mã ${voucher.code}?`}
      body={off ? 'Khách không dùng được mã này nữa; các đơn đã dùng mã vẫn giữ mức giảm.' : 'Khách dùng lại được mã trong thời gian áp dụng.'}
      confirmLabel={off ? 'Tắt mã' : 'Bật lại'}
      onConfirm={() => run(() => browserApi().v1.admin.vouchers[':id'].$patch({ param: { id: voucher.id }, json: { active: !off } }), off ? `Đã tắt mã ${voucher.code}.` : `Đã bật lại mã ${voucher.code}.`)}
    />
  );
}
