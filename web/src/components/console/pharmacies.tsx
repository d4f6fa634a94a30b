'use client';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { WEEKDAYS } from '../../../../shared/src/chat/hours';
import { apiError, browserApi, type Api } from '../../lib/api';
import { FormError, useHydrated } from '../Field';
import { useToast } from './Toaster';

type Location = InferResponseType<Api['v1']['admin']['pharmacy-locations']['$get'], 200>['items'][number];
type CreateBody = InferRequestType<Api['v1']['admin']['pharmacy-locations']['$post']>['json'];
type Hours = Location['hours'];
type Weekday = (typeof WEEKDAYS)[number];

const DAY_LABELS: Record<Weekday, string> = { mon: 'Thứ 2', tue: 'Thứ 3', wed: 'Thứ 4', thu: 'Thứ 5', fri: 'Thứ 6', sat: 'Thứ 7', sun: 'Chủ nhật' };
const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';

/** A day's intervals as staff type them: `07:30-12:00, 13:00-22:00`; empty: closed. */
const dayText = (d: Hours[Weekday]) => d.map((i) => `${i.open}-${i.close}`).join(', ');
function parseDay(text: string): Array<{ open: string; close: string }> | null {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const out: Array<{ open: string; close: string }> = [];
  for (const p of parts) {
    const m = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(p);
    if (!m) return null;
    out.push({ open: m[1]!.padStart(5, '0'), close: m[2]!.padStart(5, '0') });
  }
  return out;
}

const TEXT_FIELDS = [
  ['name', 'Tên nhà thuốc'],
  ['address', 'Địa chỉ'],
  ['phone', 'Điện thoại'],
  ['licenceNumber', 'Số GCN đủ điều kiện kinh doanh dược'],
  ['gppCertificate', 'Số chứng nhận GPP'],
  ['responsiblePharmacist', 'Dược sĩ phụ trách chuyên môn'],
] as const;
type TextField = (typeof TEXT_FIELDS)[number][0];

/** Create a location, or edit one (PATCH of the whole form); the api validates the hours with the chat's schema. */
export function LocationForm({ location }: { location?: Location }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const uid = useId();
  const [text, setText] = useState<Record<TextField, string>>(() => ({
    name: location?.name ?? '',
    address: location?.address ?? '',
    phone: location?.phone ?? '',
    licenceNumber: location?.licenceNumber ?? '',
    gppCertificate: location?.gppCertificate ?? '',
    responsiblePharmacist: location?.responsiblePharmacist ?? '',
  }));
  const [days, setDays] = useState<Record<Weekday, string>>(() => Object.fromEntries(WEEKDAYS.map((d) => [d, location ? dayText(location.hours[d]) : '07:30-22:00'])) as Record<Weekday, string>);
  const [closed, setClosed] = useState(location?.hours.closedDates.join(', ') ?? '');
  const [active, setActive] = useState(location?.active ?? true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issues, setIssues] = useState<Record<string, string>>({});

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    setIssues({});
    const hours: Partial<Hours> = {};
    for (const d of WEEKDAYS) {
      const parsed = parseDay(days[d]);
      if (!parsed) return setIssues({ [`hours.${d}`]: 'Nhập dạng 07:30-12:00, 13:00-22:00 (để trống: nghỉ cả ngày).' });
      hours[d] = parsed;
    }
    const body: CreateBody = {
      ...text,
      hours: { mon: hours.mon!, tue: hours.tue!, wed: hours.wed!, thu: hours.thu!, fri: hours.fri!, sat: hours.sat!, sun: hours.sun!, closedDates: closed.split(',').map((s) => s.trim()).filter(Boolean) },
      active,
    };
    setBusy(true);
    try {
      const api = browserApi().v1.admin['pharmacy-locations'];
      const res = location ? await api[':id'].$patch({ param: { id: location.id }, json: body }) : await api.$post({ json: body });
      if (!res.ok) {
        const err = await apiError(res);
        setIssues(err.issues);
        return setError(err.message);
      }
      notify('success', location ? `Đã lưu "${text.name}".` : `Đã thêm "${text.name}".`);
      router.refresh();
    } catch {
      setError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate className="mt-3 space-y-3" aria-label={location ? `Sửa ${location.name}` : 'Thêm nhà thuốc'}>
      <div className="grid gap-3 sm:grid-cols-2">
        {TEXT_FIELDS.map(([k, label]) => (
          <div key={k} className="space-y-1">
            <label htmlFor={`${uid}-${k}`} className="block text-sm font-medium text-slate-700">
              {label}
            </label>
            <input id={`${uid}-${k}`} className="input" value={text[k]} onChange={(e) => setText({ ...text, [k]: e.target.value })} disabled={!hydrated} aria-invalid={issues[k] ? true : undefined} />
            {issues[k] && <p className="text-sm text-red-700">{issues[k]}</p>}
          </div>
        ))}
      </div>
      <fieldset className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4">
        <legend className="mb-1 text-sm font-medium text-slate-700">Giờ mở cửa (giờ Việt Nam; để trống: nghỉ)</legend>
        {WEEKDAYS.map((d) => (
          <div key={d} className="space-y-1">
            <label htmlFor={`${uid}-h-${d}`} className="block text-xs text-slate-700">
              {DAY_LABELS[d]}
            </label>
            <input id={`${uid}-h-${d}`} className="input" value={days[d]} onChange={(e) => setDays({ ...days, [d]: e.target.value })} disabled={!hydrated} placeholder="07:30-22:00" />
            {(issues[`hours.${d}`] ?? Object.entries(issues).find(([k]) => k.startsWith(`hours.${d}.`))?.[1]) && <p className="text-xs text-red-700">{issues[`hours.${d}`] ?? Object.entries(issues).find(([k]) => k.startsWith(`hours.${d}.`))?.[1]}</p>}
          </div>
        ))}
      </fieldset>
      <div className="space-y-1">
        <label htmlFor={`${uid}-closed`} className="block text-sm font-medium text-slate-700">
          Ngày nghỉ (YYYY-MM-DD, cách nhau bằng dấu phẩy)
        </label>
        <input id={`${uid}-closed`} className="input" value={closed} onChange={(e) => setClosed(e.target.value)} disabled={!hydrated} />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} disabled={!hydrated} /> Đang hoạt động (khách chọn được để nhận thuốc)
      </label>
      <FormError message={error} />
      <button type="submit" className="btn-primary" disabled={!hydrated || busy}>
        {busy ? 'Đang lưu…' : location ? 'Lưu' : 'Thêm nhà thuốc'}
      </button>
    </form>
  );
}
