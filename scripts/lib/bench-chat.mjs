// The chat part of `npm run bench` (`-- --chat-only` runs only it; #15, ADR 0031): 50 concurrent conversations on one
// machine, each between a guest and a pharmacist socket (one ChatRoom Durable Object per conversation, WebSocket
// Hibernation API, every message written to D1 before it is acked and delivered). In every conversation the guest sends
// MESSAGES messages one after another; the pharmacist's client answers each as soon as it arrives. Reports, over all
// conversations, p50/p95 of
//   - delivery: the guest's send → the message frame on the pharmacist's socket;
//   - ack: the guest's send → the guest's ack (stored, seq assigned);
//   - round trip: the guest's send → the pharmacist's answer on the guest's socket.
// The guests are opened by this one machine, so the bench clears the per-IP limit on opening chats (rate_limits rows
// `chat-open:ip:*`, local D1 only) before each batch of openings. Conversations are closed at the end.
import { benchAdmin } from './bench-dashboard.mjs';
import { localQuery } from './proc.mjs';
import { pct } from './percentile.mjs';

export const CHAT_CONVERSATIONS = 50;
const MESSAGES = 10;
const BENCH_PHARMACIST_EMAIL = 'bench-pharmacist@medicare.local';

async function ok(res, what) {
  if (!res.ok) throw new Error(`${what} → ${res.status} ${await res.text()}`);
  return res.json();
}

/** A socket whose frames are awaited by predicate. */
function socket(url, headers) {
  const ws = new WebSocket(url, { headers });
  const frames = [];
  const waiters = [];
  let closed = false;
  ws.addEventListener('message', (e) => {
    const f = JSON.parse(e.data);
    const i = waiters.findIndex((w) => w.pred(f));
    if (i >= 0) waiters.splice(i, 1)[0].resolve({ f, at: performance.now() });
    else frames.push({ f, at: performance.now() });
  });
  ws.addEventListener('close', () => {
    closed = true;
    for (const w of waiters.splice(0)) w.reject(new Error('socket closed'));
  });
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new Error(`WebSocket ${url} failed`)), { once: true });
  });
  return {
    ws,
    opened,
    send: (frame) => ws.send(JSON.stringify(frame)),
    next(pred, timeoutMs = 30_000) {
      const i = frames.findIndex((x) => pred(x.f));
      if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]);
      if (closed) return Promise.reject(new Error('socket closed'));
      return new Promise((resolve, reject) => {
        const w = { pred, resolve, reject };
        waiters.push(w);
        setTimeout(() => {
          const k = waiters.indexOf(w);
          if (k >= 0) waiters.splice(k, 1), reject(new Error('timed out waiting for a frame'));
        }, timeoutMs);
      });
    },
    close: () => ws.close(1000, 'bench done'),
  };
}

export async function chatBench(base, { local = true } = {}) {
  const wsBase = base.replace(/^http/, 'ws');
  // A pharmacist: the bench's own account, created (local) like the admin one, signed in with a token.
  let pharmacist;
  if (local) {
    const { password } = await benchAdmin();
    const { createAdmin } = await import('../create-admin.mjs');
    pharmacist = await createAdmin({ email: BENCH_PHARMACIST_EMAIL, name: 'DS. Đo Tải', password, role: 'pharmacist', practisingCertificate: 'BENCH-CCHN' });
  } else pharmacist = { email: process.env.BENCH_PHARMACIST_EMAIL, password: process.env.BENCH_PHARMACIST_PASSWORD };
  if (!pharmacist.email || !pharmacist.password) throw new Error('Against BENCH_URL the chat bench needs BENCH_PHARMACIST_EMAIL and BENCH_PHARMACIST_PASSWORD');
  const login = await ok(await fetch(`${base}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-mode': 'token' }, body: JSON.stringify(pharmacist) }), 'pharmacist sign-in');
  const staff = { authorization: `Bearer ${login.accessToken}` };

  // 50 guests open a chat each; the pharmacist takes them all.
  const run = Date.now().toString(36);
  const conversations = [];
  for (let i = 0; i < CHAT_CONVERSATIONS; i++) {
    if (local && i % 15 === 0) await localQuery("DELETE FROM rate_limits WHERE key LIKE 'chat-open:ip:%'");
    const res = await fetch(`${base}/v1/chat/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `Khách đo tải ${i}`, phone: `09${String(10_000_000 + i).slice(-8)}` }) });
    const conv = await ok(res, 'open a chat');
    const cookie = res.headers.get('set-cookie').split(';')[0];
    await ok(await fetch(`${base}/v1/pharmacist/chats/${conv.id}/take`, { method: 'POST', headers: staff }), 'take');
    conversations.push({ id: conv.id, cookie });
  }

  const delivery = [];
  const ack = [];
  const roundTrip = [];
  const t0 = performance.now();
  await Promise.all(
    conversations.map(async ({ id, cookie }, c) => {
      const guest = socket(`${wsBase}/v1/chat/conversations/${id}/ws`, { cookie });
      const desk = socket(`${wsBase}/v1/chat/conversations/${id}/ws`, staff);
      await Promise.all([guest.opened, desk.opened]);
      guest.send({ type: 'hello', lastSeq: 0 });
      desk.send({ type: 'hello', lastSeq: 0 });
      await Promise.all([guest.next((f) => f.type === 'status'), desk.next((f) => f.type === 'status')]);
      for (let m = 0; m < MESSAGES; m++) {
        const clientId = `bench-${run}-${c}-${m}`;
        const replyId = `bench-${run}-${c}-${m}-r`;
        const sentAt = performance.now();
        const gotAck = guest.next((f) => f.type === 'ack' && f.clientId === clientId);
        const delivered = desk.next((f) => f.type === 'message' && f.message.clientId === clientId);
        const answered = guest.next((f) => f.type === 'message' && f.message.clientId === replyId);
        guest.send({ type: 'send', clientId, body: `Câu hỏi số ${m} của cuộc trò chuyện ${c}` });
        const d = await delivered;
        delivery.push(d.at - sentAt);
        desk.send({ type: 'send', clientId: replyId, body: `Trả lời câu hỏi số ${m}` });
        ack.push((await gotAck).at - sentAt);
        roundTrip.push((await answered).at - sentAt);
      }
      guest.close();
      desk.close();
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  for (const { id } of conversations) await fetch(`${base}/v1/chat/conversations/${id}/close`, { method: 'POST', headers: staff }).then((r) => r.arrayBuffer());

  const row = (name, xs) => `  ${name.padEnd(44)} ${pct(xs, 50).toFixed(1).padStart(8)} ${pct(xs, 95).toFixed(1).padStart(8)} ${String(xs.length).padStart(6)}`;
  console.log(`\nChat: ${CHAT_CONVERSATIONS} concurrent conversations (guest + pharmacist socket each), ${MESSAGES} questions each, answered on arrival, via ${wsBase}`);
  console.log(`  ${'series'.padEnd(44)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'n'.padStart(6)}`);
  console.log(row('delivery (guest send → pharmacist socket)', delivery));
  console.log(row('ack (guest send → stored, seq acked)', ack));
  console.log(row('round trip (question → answer on guest)', roundTrip));
  console.log(`  ${(2 * CHAT_CONVERSATIONS * MESSAGES / seconds).toFixed(0)} messages/s stored and delivered over ${seconds.toFixed(1)} s`);
}
