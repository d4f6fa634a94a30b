/** SePay HMAC verification against a vector that does not come from our own signer (provenance in sepay-vector.ts). */import { describe, expect, it } from 'vitest';
import { HMAC_WINDOW_SECONDS, verifyHmac } from '../src/payments/sepay';
import { SEPAY_VECTOR } from './sepay-vector';

const V = SEPAY_VECTOR;
const AT = 1_679_727_757_000;
const WINDOW = HMAC_WINDOW_SECONDS * 1000;

describe('SePay HMAC verification against a known vector', () => {
  it('accepts the known signature, in either hex case', async () => {
    expect(HMAC_WINDOW_SECONDS).toBe(300);
    expect(await verifyHmac(V.body, V.timestamp, V.signature, V.secret, AT)).toBe('ok');
    expect(await verifyHmac(V.body, V.timestamp, V.signature.toUpperCase().replace('SHA256=', 'sha256='), V.secret, AT)).toBe('ok');
  });

  it('refuses the vector with one byte of the body, the timestamp or the secret changed', async () => {
    expect(await verifyHmac(V.body.replace('2277000', '2277001'), V.timestamp, V.signature, V.secret, AT)).toBe('bad');
    expect(await verifyHmac(` ${V.body}`, V.timestamp, V.signature, V.secret, AT)).toBe('bad');
    expect(await verifyHmac(V.body, '1679727758', V.signature, V.secret, AT)).toBe('bad');
    expect(await verifyHmac(V.body, V.timestamp, V.signature, `${V.secret}x`, AT)).toBe('bad');
    expect(await verifyHmac(V.body, V.timestamp, V.signature.replace('sha256=', ''), V.secret, AT)).toBe('bad');
  });

  it('accepts exactly ±300 s around the timestamp and refuses one millisecond beyond', async () => {
    expect(await verifyHmac(V.body, V.timestamp, V.signature, V.secret, AT + WINDOW)).toBe('ok');
    expect(await verifyHmac(V.body, V.timestamp, V.signature, V.secret, AT - WINDOW)).toBe('ok');
    expect(await verifyHmac(V.body, V.timestamp, V.signature, V.secret, AT + WINDOW + 1)).toBe('stale');
    expect(await verifyHmac(V.body, V.timestamp, V.signature, V.secret, AT - WINDOW - 1)).toBe('stale');
  });

  it('reads a 13-digit timestamp as milliseconds, with the same window', async () => {
    expect(await verifyHmac(V.body, V.timestampMs, V.signatureMs, V.secret, AT)).toBe('ok');
    expect(await verifyHmac(V.body, V.timestampMs, V.signatureMs, V.secret, AT + WINDOW)).toBe('ok');
    expect(await verifyHmac(V.body, V.timestampMs, V.signatureMs, V.secret, AT - WINDOW)).toBe('ok');
    expect(await verifyHmac(V.body, V.timestampMs, V.signatureMs, V.secret, AT + WINDOW + 1)).toBe('stale');
    expect(await verifyHmac(V.body, V.timestampMs, V.signatureMs, V.secret, AT - WINDOW - 1)).toBe('stale');
    // The signature covers the timestamp as sent: the seconds signature does not verify under the ms header.
    expect(await verifyHmac(V.body, V.timestampMs, V.signature, V.secret, AT)).toBe('bad');
  });

  it('refuses timestamps that are not plain epoch seconds or milliseconds', async () => {
    for (const ts of ['', '1679727757.5', '-1679727757', '16797277570000', '0x6400a0ad', ' 1679727757']) {
      expect(await verifyHmac(V.body, ts, V.signature, V.secret, AT)).toBe('bad');
    }
  });
});
