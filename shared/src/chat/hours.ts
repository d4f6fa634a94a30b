/**
 * Opening hours and THE on-duty rule (#15, ADR 0031). A pharmacy location's hours are a weekly schedule of local
 * (Asia/Ho_Chi_Minh: UTC+7, no DST) intervals per weekday, plus closed calendar days (public holidays). Pharmacists
 * are on duty for the chat while any active pharmacy location is open (`onDutyAt`); `nextOpening` says when they are
 * back. Pharmacy locations (#15 advice) store their `hours` validated by `OpeningHoursSchema`.
 */
import { z } from 'zod';
import { DAY_MS, vietnamClock, vietnamDate, vietnamDayStart } from '../catalog/availability';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WEEKDAY_LABELS: Record<Weekday, string> = { mon: 'Thứ 2', tue: 'Thứ 3', wed: 'Thứ 4', thu: 'Thứ 5', fri: 'Thứ 6', sat: 'Thứ 7', sun: 'Chủ nhật' };

/** `HH:MM` local time; `24:00` only as a closing time (open until midnight). */
const TimeSchema = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'Giờ phải có dạng HH:MM.');

const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const OpeningIntervalSchema = z
  .object({ open: TimeSchema, close: TimeSchema })
  .refine((i) => i.open !== '24:00' && minutesOf(i.open) < minutesOf(i.close), { message: 'Giờ mở cửa phải trước giờ đóng cửa.' });

const DaySchema = z
  .array(OpeningIntervalSchema)
  .max(4)
  .refine((d) => [...d].sort((a, b) => minutesOf(a.open) - minutesOf(b.open)).every((i, k, s) => k === 0 || minutesOf(s[k - 1]!.close) <= minutesOf(i.open)), {
    message: 'Các khung giờ trong một ngày không được chồng nhau.',
  });

/** A weekly schedule: for each weekday its open intervals (empty: closed all day), plus closed dates (YYYY-MM-DD). */
export const OpeningHoursSchema = z.object({
  mon: DaySchema,
  tue: DaySchema,
  wed: DaySchema,
  thu: DaySchema,
  fri: DaySchema,
  sat: DaySchema,
  sun: DaySchema,
  closedDates: z
    .array(z.string().refine((d) => vietnamDayStart(d) !== null, 'Ngày nghỉ phải có dạng YYYY-MM-DD.'))
    .max(366)
    .default([]),
});
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;
export type OpeningHoursInput = z.input<typeof OpeningHoursSchema>;

const daily = (open: string, close: string) => [{ open, close }];
/**
 * The on-duty hours used while no pharmacy location is stored (before the locations table exists, or none is active):
 * every day 07:30–22:00.
 */
export const DEFAULT_OPENING_HOURS: OpeningHours = {
  mon: daily('07:30', '22:00'),
  tue: daily('07:30', '22:00'),
  wed: daily('07:30', '22:00'),
  thu: daily('07:30', '22:00'),
  fri: daily('07:30', '22:00'),
  sat: daily('07:30', '22:00'),
  sun: daily('07:30', '22:00'),
  closedDates: [],
};

/** The weekday of a Vietnam-local clock (see `vietnamClock`). */
const weekdayOf = (local: Date): Weekday => WEEKDAYS[(local.getUTCDay() + 6) % 7]!;

/** The open intervals of the Vietnam calendar day starting at `dayStart` (epoch ms), as epoch-ms [from, to). */
function intervalsOfDay(hours: OpeningHours, dayStart: number): Array<[number, number]> {
  if (hours.closedDates.includes(vietnamDate(dayStart))) return [];
  return hours[weekdayOf(vietnamClock(dayStart))]
    .map((i): [number, number] => [dayStart + minutesOf(i.open) * 60_000, dayStart + minutesOf(i.close) * 60_000])
    .sort((a, b) => a[0] - b[0]);
}

const dayStartOf = (now: number) => vietnamDayStart(vietnamDate(now))!;

/** Whether `hours` are open at `now` (epoch ms). */
export function isOpenAt(hours: OpeningHours, now: number): boolean {
  return intervalsOfDay(hours, dayStartOf(now)).some(([from, to]) => from <= now && now < to);
}

/**
 * The next moment (epoch ms) `hours` open after `now`, or `now` itself when open; null when they never open within a
 * year (every weekday empty, or every day closed).
 */
export function nextOpening(hours: OpeningHours, now: number): number | null {
  const today = dayStartOf(now);
  for (let d = 0; d <= 370; d++) {
    for (const [from, to] of intervalsOfDay(hours, today + d * DAY_MS)) {
      if (now < to) return Math.max(from, now);
    }
  }
  return null;
}

/** On duty at `now` when any of the schedules (the active pharmacy locations') is open. */
export function onDutyAt(schedules: readonly OpeningHours[], now: number): boolean {
  return schedules.some((h) => isOpenAt(h, now));
}

/** The earliest `nextOpening` over the schedules (null when none ever opens). */
export function nextOnDuty(schedules: readonly OpeningHours[], now: number): number | null {
  const next = schedules.map((h) => nextOpening(h, now)).filter((t): t is number => t !== null);
  return next.length ? Math.min(...next) : null;
}

/** Vietnamese text of a schedule, consecutive weekdays with the same hours grouped: "Thứ 2 – Chủ nhật: 07:30–22:00". */
export function formatOpeningHours(hours: OpeningHours): string {
  const text = (d: Weekday) => (hours[d].length ? [...hours[d]].sort((a, b) => minutesOf(a.open) - minutesOf(b.open)).map((i) => `${i.open}–${i.close}`).join(', ') : 'nghỉ');
  const parts: string[] = [];
  let start = 0;
  for (let k = 1; k <= WEEKDAYS.length; k++) {
    if (k < WEEKDAYS.length && text(WEEKDAYS[k]!) === text(WEEKDAYS[start]!)) continue;
    const label = k - 1 === start ? WEEKDAY_LABELS[WEEKDAYS[start]!] : `${WEEKDAY_LABELS[WEEKDAYS[start]!]} – ${WEEKDAY_LABELS[WEEKDAYS[k - 1]!]}`;
    parts.push(`${label}: ${text(WEEKDAYS[start]!)}`);
    start = k;
  }
  return parts.join('; ');
}
