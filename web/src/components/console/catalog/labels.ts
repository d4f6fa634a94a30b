/** Vietnamese names for the catalogue screens (approval states, sorts, bulk actions, revision kinds). */
import { isMedicalField, MEDICAL_FIELD_LABELS } from '../../../../../shared/src/catalog/approval';

/** A product field's Vietnamese name (the approval module's labels for medical fields). */
export const fieldLabel = (field: string) => (isMedicalField(field) ? MEDICAL_FIELD_LABELS[field] : field);
export const APPROVAL_LABELS: Record<string, string> = {
  draft: 'Nháp',
  pending_review: 'Chờ duyệt',
  approved: 'Đã duyệt',
  rejected: 'Bị từ chối',
};
export const APPROVAL_FILTERS = [
  ['approved', 'Đã duyệt'],
  ['pending', 'Chờ duyệt'],
  ['rejected', 'Bị từ chối'],
] as const;
export const STATUS_FILTERS = [
  ['visible', 'Đang hiển thị'],
  ['hidden', 'Đang ẩn'],
  ['deleted', 'Đã xóa'],
] as const;
export const SORT_OPTIONS = [
  ['newest', 'Mới tạo nhất'],
  ['updated', 'Mới sửa nhất'],
  ['name', 'Tên A–Z'],
  ['price_asc', 'Giá tăng dần'],
  ['price_desc', 'Giá giảm dần'],
  ['stock_asc', 'Tồn kho ít nhất'],
] as const;
export const REVISION_KIND_LABELS: Record<string, string> = { new: 'Sản phẩm mới', edit: 'Sửa thông tin dược' };

/** "3 giờ 20 phút", "2 ngày 4 giờ": how long a revision has waited for a pharmacist. */
export function waitingTime(fromMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - fromMs) / 60_000));
  if (minutes < 60) return `${minutes} phút`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} giờ ${minutes % 60} phút`;
  return `${Math.floor(hours / 24)} ngày ${hours % 24} giờ`;
}

/** A change's before/after value as text (lists of ingredients, booleans, empty values). */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(trống)';
  if (typeof v === 'boolean') return v ? 'Có' : 'Không';
  if (Array.isArray(v))
    return v
      .map((x) => (x && typeof x === 'object' && 'name' in x ? [x.name, 'strength' in x ? x.strength : null].filter(Boolean).join(' ') : showValue(x)))
      .join('; ');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

const VN_OFFSET_MS = 7 * 3600_000;
/** epoch ms → a `datetime-local` value in Vietnam time (what staff type and read). */
export const msToLocal = (ms: number | null | undefined) => (ms == null ? '' : new Date(ms + VN_OFFSET_MS).toISOString().slice(0, 16));
/** A `datetime-local` value, read as Vietnam time → epoch ms; null when empty. */
export const localToMs = (v: string): number | null => (v ? new Date(`${v}:00+07:00`).getTime() : null);
