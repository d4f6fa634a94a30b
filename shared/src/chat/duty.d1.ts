/**
 * Whether pharmacists are on duty for the chat: THE on-duty rule (`onDutyAt` over the schedules) applied to the
 * active pharmacy locations' opening hours. While no location is stored (or the locations table is not there yet),
 * `DEFAULT_OPENING_HOURS` applies. A stored schedule that does not parse is skipped (never trusted blindly).
 */
import { DEFAULT_OPENING_HOURS, formatOpeningHours, nextOnDuty, onDutyAt, OpeningHoursSchema, type OpeningHours } from './hours';
import type { ChatDutyStatus } from './protocol';

export async function onDutySchedules(db: D1Database): Promise<OpeningHours[]> {
  let rows: Array<{ hours: string }> = [];
  try {
    rows = (await db.prepare('SELECT hours FROM pharmacy_locations WHERE active = 1').all<{ hours: string }>()).results;
  } catch (e) {
    if (!String((e as Error).message).includes('no such table')) throw e;
  }
  const schedules = rows.flatMap((r) => {
    try {
      const parsed = OpeningHoursSchema.safeParse(JSON.parse(r.hours));
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
  return schedules.length ? schedules : [DEFAULT_OPENING_HOURS];
}

/** The chat's duty status at `now`: on duty, when pharmacists are back, and the hours as Vietnamese text. */
export function dutyStatus(schedules: OpeningHours[], now: number): ChatDutyStatus {
  const onDuty = onDutyAt(schedules, now);
  return { onDuty, nextOpenAt: onDuty ? null : nextOnDuty(schedules, now), hoursText: [...new Set(schedules.map(formatOpeningHours))].join(' | ') };
}
