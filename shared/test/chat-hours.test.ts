import { describe, expect, it } from 'vitest';
import { DEFAULT_OPENING_HOURS, formatOpeningHours, isOpenAt, nextOnDuty, nextOpening, onDutyAt, OpeningHoursSchema } from '../src/chat/hours';
import { dutyStatus } from '../src/chat/duty.d1';

/** Epoch ms of a Vietnam wall-clock time (UTC+7). */
const vn = (iso: string) => Date.parse(`${iso}+07:00`);
const WEEKDAY_9_17 = OpeningHoursSchema.parse({
  mon: [{ open: '09:00', close: '12:00' }, { open: '13:00', close: '17:00' }],
  tue: [{ open: '09:00', close: '17:00' }],
  wed: [{ open: '09:00', close: '17:00' }],
  thu: [{ open: '09:00', close: '17:00' }],
  fri: [{ open: '09:00', close: '17:00' }],
  sat: [],
  sun: [],
  closedDates: ['2026-12-01'],
});

describe('opening hours (Asia/Ho_Chi_Minh)', () => {
  it('is open inside an interval, closed at its end and over lunch', () => {
    // 2026-11-30 is a Monday.
    expect(isOpenAt(WEEKDAY_9_17, vn('2026-11-30T09:00:00'))).toBe(true);
    expect(isOpenAt(WEEKDAY_9_17, vn('2026-11-30T08:59:59'))).toBe(false);
    expect(isOpenAt(WEEKDAY_9_17, vn('2026-11-30T12:30:00'))).toBe(false);
    expect(isOpenAt(WEEKDAY_9_17, vn('2026-11-30T16:59:00'))).toBe(true);
    expect(isOpenAt(WEEKDAY_9_17, vn('2026-11-30T17:00:00'))).toBe(false);
    // The Vietnam day, not the UTC day: 01:00 on Tuesday in Vietnam is still Monday in UTC.
    expect(isOpenAt(OpeningHoursSchema.parse({ ...WEEKDAY_9_17, tue: [{ open: '00:00', close: '02:00' }] }), vn('2026-12-08T01:00:00'))).toBe(true);
  });

  it('says when it opens next: after lunch, skipping a closed date and the weekend', () => {
    expect(nextOpening(WEEKDAY_9_17, vn('2026-11-30T12:30:00'))).toBe(vn('2026-11-30T13:00:00'));
    // Tuesday 1 December is a closed date: Wednesday 09:00.
    expect(nextOpening(WEEKDAY_9_17, vn('2026-11-30T18:00:00'))).toBe(vn('2026-12-02T09:00:00'));
    // Friday evening → Monday 09:00.
    expect(nextOpening(WEEKDAY_9_17, vn('2026-12-04T17:30:00'))).toBe(vn('2026-12-07T09:00:00'));
    // Open now: now.
    expect(nextOpening(WEEKDAY_9_17, vn('2026-12-02T10:00:00'))).toBe(vn('2026-12-02T10:00:00'));
    const never = OpeningHoursSchema.parse({ mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
    expect(nextOpening(never, vn('2026-12-02T10:00:00'))).toBeNull();
  });

  it('is on duty while any location is open, back at the earliest opening', () => {
    const evenings = OpeningHoursSchema.parse({ ...WEEKDAY_9_17, sat: [{ open: '18:00', close: '24:00' }] });
    const sat = vn('2026-12-05T19:00:00');
    expect(onDutyAt([WEEKDAY_9_17], sat)).toBe(false);
    expect(onDutyAt([WEEKDAY_9_17, evenings], sat)).toBe(true);
    expect(nextOnDuty([WEEKDAY_9_17, evenings], vn('2026-12-05T08:00:00'))).toBe(vn('2026-12-05T18:00:00'));
    expect(dutyStatus([WEEKDAY_9_17], vn('2026-12-05T08:00:00'))).toEqual({ onDuty: false, nextOpenAt: vn('2026-12-07T09:00:00'), hoursText: 'Thứ 2: 09:00–12:00, 13:00–17:00; Thứ 3 – Thứ 6: 09:00–17:00; Thứ 7 – Chủ nhật: nghỉ' });
    expect(dutyStatus([DEFAULT_OPENING_HOURS], vn('2026-12-05T10:00:00'))).toMatchObject({ onDuty: true, nextOpenAt: null });
  });

  it('refuses malformed schedules', () => {
    const base = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
    expect(OpeningHoursSchema.safeParse({ ...base, mon: [{ open: '17:00', close: '09:00' }] }).success).toBe(false);
    expect(OpeningHoursSchema.safeParse({ ...base, mon: [{ open: '9:00', close: '17:00' }] }).success).toBe(false);
    expect(OpeningHoursSchema.safeParse({ ...base, mon: [{ open: '09:00', close: '13:00' }, { open: '12:00', close: '17:00' }] }).success).toBe(false);
    expect(OpeningHoursSchema.safeParse({ ...base, closedDates: ['2026-02-30'] }).success).toBe(false);
    expect(OpeningHoursSchema.safeParse({ ...base, tue: undefined }).success).toBe(false);
    expect(formatOpeningHours(DEFAULT_OPENING_HOURS)).toBe('Thứ 2 – Chủ nhật: 07:30–22:00');
  });
});
