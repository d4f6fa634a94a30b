/**
 * SePay HMAC-SHA256 webhook signatures known test vector (#12 item 27), shared by the unit and Worker tests.
 *
 * The scheme: `X-SePay-Signature: sha256=<hex HMAC-SHA256(secret, "{X-SePay-Timestamp}.{raw body}")>`, timestamps more
 * than 5 minutes off refused (developer.sepay.vn/en/sepay-webhooks/xac-thuc and /bao-mat; the signing string as the
 * public integrations build it, see ../shared/reference/integrations.md §1.2). The payload is shaped after the example
 * transaction of SePay's webhook docs as public integrations copy it (id 92704, Vietcombank, 2,277,000 VND, fields of
 * §1.1); the timestamp is its transaction time (2023-03-25 14:02:37 +07:00). No vector with a precomputed signature
 * was found in the stored copies of SePay's pages or in public integrations, so the expected signatures below were
 * computed outside this code base, with `openssl dgst -sha256 -hmac` and Python's `hmac` (both gave the same hex),
 * and are pinned here: a change in our signing string, encoding or prefix handling fails them.
 */

export const SEPAY_VECTOR = {
  secret: 'whsec_3f9a1c7e5b2d48e6a0c4f8b19d7e2a61',
  body: '{"id":92704,"gateway":"Vietcombank","transactionDate":"2023-03-25 14:02:37","accountNumber":"0123499999","code":null,"content":"chuyen tien mua hang","transferType":"in","transferAmount":2277000,"accumulated":19077000,"subAccount":null,"referenceCode":"MBVCB.3278907687","description":""}',
  timestamp: '1679727757',
  signature: 'sha256=16703275697b4b1b0c3df127b3effa85e6d01a55854f30e1d67bd051254debae',
  /** The same body signed with the timestamp in milliseconds (some senders use ms). */
  timestampMs: '1679727757000',
  signatureMs: 'sha256=ee91f5d1234a93300a4d8640728f4d580b042c7e4e64c13ac0a180aec101e980',
};
