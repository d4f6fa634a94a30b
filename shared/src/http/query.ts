/**
 * Query-string parameters. On the wire a query value is always a string: these schemas say so on their INPUT side,
 * which is what `hono/client` asks a caller for (`{ limit: '8' }` type-checks, `{ limit: 8 }` or `{ limit: {} }` does
 * not), and parse it on their OUTPUT side, which is what the handler reads (a number). `z.coerce.number()` types its
 * input `unknown` (anything passes the client's type check) and reads an empty value as 0.
 */
import { z } from '@hono/zod-openapi';

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d{1,15}$/, 'Giá trị không đúng kiểu: cần số nguyên.')
    .pipe(z.coerce.number<string>().int().min(min).max(max))
    .openapi({ type: 'integer', minimum: min, maximum: max });

/** A whole number in [min, max], written in decimal digits: optional, or `fallback` when absent (documented as the default). */
export function intQuery(min: number, max: number): ReturnType<typeof wholeNumber>;
export function intQuery(min: number, max: number, fallback: number): z.ZodDefault<ReturnType<typeof wholeNumber>>;
export function intQuery(min: number, max: number, fallback?: number) {
  const n = wholeNumber(min, max);
  return fallback === undefined ? n : n.default(fallback).openapi({ default: fallback });
}

/**
 * A Vietnam calendar day filter, `YYYY-MM-DD` (optional; empty: no filter). The schema only documents it: the route
 * reads it with `vietnamDayRange` (catalog/availability.ts), which answers any bad value or range with ONE code,
 * 400 INVALID_DATE_RANGE.
 */
export const vietnamDayQuery = (description: string, example = '2026-11-29') => z.string().optional().openapi({ description, format: 'date', example });
