/** #17 alerts (ADR 0040): the migration holds the generated trigger; the refill arithmetic and Vietnam sending hours. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stockAlertTriggerSql } from '../shared/src/alerts/stock-alerts';
import { addDays, isSendingHour, remindOn, rollForward, secondsToSendingHour, supplyDays } from '../shared/src/alerts/refill';
import { EMAIL_ACTION_PAGES } from '../shared/src/alerts/links';

describe('#17 alerts rules', () => {
  it('migration 0032 holds exactly the generated back-in-stock trigger', () => {
    expect(readFileSync('migrations/0032_alerts_reminders.sql', 'utf8')).toContain(`${stockAlertTriggerSql()};`);
  });

  it('runs out after quantity × factor ÷ daily use days; reminds lead days before, never in the past', () => {
    expect(supplyDays(2, 30, 1)).toBe(60); // 2 hộp × 30 viên, 1 viên/ngày
    expect(supplyDays(1, 50, 3)).toBe(16); // 50 que thử, 3 lần/ngày
    expect(supplyDays(1, 1, 5)).toBe(1);
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
    expect(remindOn('2027-01-02', 3, '2026-12-01')).toBe('2026-12-30');
    expect(remindOn('2026-12-02', 3, '2026-12-01')).toBe('2026-12-01');
  });

  it('a reminder turned on again rolls a past run-out day forward by whole cadences', () => {
    expect(rollForward('2026-12-10', 30, '2026-12-01')).toBe('2026-12-10');
    expect(rollForward('2026-12-01', 30, '2026-12-01')).toBe('2026-12-01');
    expect(rollForward('2026-11-30', 30, '2026-12-01')).toBe('2026-12-30');
    expect(rollForward('2026-10-01', 30, '2026-12-01')).toBe('2026-12-30');
    expect(rollForward('2026-10-02', 30, '2026-12-01')).toBe('2026-12-01');
  });

  it('outside the sending hours, waits until the next 09:00 Vietnam time', () => {
    const at = (date: string, hh: number, mm = 0) => Date.parse(`${date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00+07:00`);
    expect(secondsToSendingHour(at('2026-12-01', 10))).toBe(0);
    expect(secondsToSendingHour(at('2026-12-01', 20))).toBe(13 * 3600);
    expect(secondsToSendingHour(at('2026-12-01', 23, 30))).toBe(9.5 * 3600);
    expect(secondsToSendingHour(at('2026-12-01', 3))).toBe(6 * 3600);
  });

  it('every email action page exists in the storefront (links open it; its button POSTs)', () => {
    const page = readFileSync('web/src/app/(store)/thong-bao-email/[hanhDong]/page.tsx', 'utf8');
    for (const path of Object.values(EMAIL_ACTION_PAGES)) expect(page).toContain(`'${path.split('/').at(-1)}': {`);
  });

  it('sends only between 09:00 and 20:00 Vietnam time (UTC+7), never 21:00–08:00', () => {
    const at = (hh: number) => Date.parse(`2026-12-01T${String(hh).padStart(2, '0')}:30:00+07:00`);
    expect([8, 9, 12, 19, 20, 21, 23, 0, 3].map((h) => isSendingHour(at(h)))).toEqual([false, true, true, true, false, false, false, false, false]);
  });
});
