import { monotonicFactory } from 'ulidx';

const ulid = monotonicFactory();

/** Random, time-ordered, unguessable identifier (ULID). */
export function newId(): string {
  return ulid();
}

/** Crockford base32 alphabet: no I, L, O, U, so codes survive being typed into a bank-transfer note. */
export const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function randomCrockford(length: number): string {
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const b of bytes) out += CROCKFORD[b & 31];
  return out;
}

/** Customer-facing order code: `MC` + 8 Crockford base32 characters (40 random bits). */
export function newOrderCode(): string {
  return `MC${randomCrockford(8)}`;
}

/** Customer-facing consultation code: `TV` + 8 Crockford base32 characters. */
export function newConsultationCode(): string {
  return `TV${randomCrockford(8)}`;
}

export const ORDER_CODE_PATTERN = /^MC[0-9A-HJKMNP-TV-Z]{8}$/;
