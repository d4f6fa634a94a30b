/**
 * Zod fields for text people type (console, import, forms), stored NFC through `normalizeText`. Apart from text.ts:
 * the storefront's client code imports text.ts (`formatVnd`) on every page, and zod there put zod and all its locales
 * into every storefront page's first-load JavaScript (+94 KiB gzip).
 */
import { z } from '@hono/zod-openapi';
import { normalizeText } from './text';

/** Zod field for a required typed text: trimmed, `min`..`max` characters, stored NFC (`normalizeText`). */
export const textInput = (min: number, max: number) => z.string().trim().min(min).max(max).transform(normalizeText);

/** Zod field for an optional typed text: as `textInput`, null/undefined kept (callers map '' as they need). */
export const optionalTextInput = (max: number) => z.string().trim().max(max).transform(normalizeText);
