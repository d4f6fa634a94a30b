/** #17 alerts (ADR 0040): the migration holds the generated trigger; the refill arithmetic and Vietnam sending hours. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stockAlertTriggerSql } from '../shared/src/alerts/stock-alerts';
import { addDays, isSendingHour, remindOn, supplyDays } from '../shared/src/alerts/refill';

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

  it('sends only between 09:00 and 20:00 Vietnam time (UTC+7), never 21:00–08:00', () => {
    const at = (hh: number) => Date.parse(`2026-12-01T${String(hh).padStart(2, '0')}:30:00+07:00`);
    expect([8, 9, 12, 19, 20, 21, 23, 0, 3].map((h) => isSendingHour(at(h)))).toEqual([false, true, true, true, false, false, false, false, false]);
  });
});
