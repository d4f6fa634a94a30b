/** Shared by the consultation list and page: dates in Vietnam's time zone, a colour per status. */
export const when = (ms: number) => new Date(ms).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', day: '2-digit', month: '2-digit', year: 'numeric' });

const STATUS_STYLE: Record<string, string> = {
  submitted: 'bg-sky-100 text-sky-800',
  in_review: 'bg-amber-100 text-amber-800',
  advised: 'bg-emerald-100 text-emerald-800',
  rejected: 'bg-red-100 text-red-800',
  cancelled: 'bg-slate-200 text-slate-700',
};
export const statusStyle = (s: string) => STATUS_STYLE[s] ?? 'bg-slate-100 text-slate-700';
