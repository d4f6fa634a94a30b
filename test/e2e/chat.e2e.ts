/**
 * #15 live chat in Chromium against the running platform (scripts/e2e.mjs: the BUILT storefront Worker, whose entry
 * passes the chat's WebSocket to the api through the service binding). Two browser contexts: a guest shopper on the
 * storefront and the local pharmacist (scripts/dev.mjs) on /quan-tri/tro-chuyen. Messages go both ways with typing and
 * read receipts; the shopper's socket is dropped twice mid-chat (offline, with messages written on both sides
 * meanwhile; and right after a send, before its ack) and resumes without losing or duplicating anything; the
 * pharmacist hands the chat over as a consultation; the shopper closes it and asks for the transcript by email.
 * Screenshots: test-artifacts/e2e/chat-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, eventually, launch, visitors, WEB } from './support';

const SHOTS = join(process.cwd(), 'test-artifacts/e2e');
const PHARMACIST = { email: 'duocsi@medicare.local', password: () => readFileSync('.wrangler/dev-admin.txt', 'utf8').trim() };

let browser: Browser;
const cspViolations: string[] = [];

// Run in the page (strings: this project's tsconfig has no DOM types). Every WebSocket the page opens is kept.
const RECORD_SOCKETS = `(() => {
  const Native = window.WebSocket;
  const sockets = [];
  window.__sockets = sockets;
  window.WebSocket = class extends Native {
    constructor(url, protocols) { super(url, protocols); sockets.push(this); }
  };
})();`;
/** Closes the page's last socket as a dropped connection would end it. */
const CLOSE_LAST_SOCKET = 'window.__sockets.at(-1).close()';
/** Makes the page's last socket close right after the next chat message leaves (before the server's ack). */
const CLOSE_AFTER_NEXT_SEND = `(() => {
  const ws = window.__sockets.at(-1);
  const send = ws.send.bind(ws);
  ws.send = (data) => { send(data); if (String(data).includes('"type":"send"')) ws.close(); };
})()`;
const SOCKET_COUNT = 'window.__sockets.length';

/** A context whose pages record every WebSocket they open (window.__sockets), so the test can drop one. */
const visit = visitors(() => browser, { csp: cspViolations, initScript: RECORD_SOCKETS });
async function visitor(): Promise<{ ctx: BrowserContext; page: Page }> {
  const page = await visit();
  return { ctx: page.context(), page };
}
const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `chat-${name}.png`) });

/** The bodies shown in a thread (confirmed messages, then those still being sent). */
const shown = (page: Page, scope: string) => page.locator(`${scope} [data-testid="chat-message"] p`).allTextContents();
const pendingCount = (page: Page, scope: string) => page.locator(`${scope} [data-testid="chat-pending"]`).count();

async function send(page: Page, text: string) {
  const box = page.getByRole('textbox', { name: 'Nhập tin nhắn' });
  await box.fill(text);
  await box.press('Enter');
}

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe('live chat with a pharmacist (#15)', () => {
  it('a guest and a pharmacist chat both ways, survive dropped sockets without loss or duplicates, and hand over to a consultation', async () => {
    const tag = Date.now().toString(36);
    const guestName = `Khách chat ${tag}`;
    const phone = `09${String(Date.now()).slice(-8)}`;
    const shopper = await visitor();
    const desk = await visitor();
    const S = '[data-testid="chat-panel"]';
    const P = '[data-testid="chat-conversation"]';

    // The storefront's chat button loads the widget on click; off duty it says when pharmacists are back.
    await shopper.page.goto(`${WEB}/`);
    const duty = (await (await fetch(`${API}/v1/chat/status`)).json()) as { onDuty: boolean };
    await shopper.page.getByTestId('chat-button').click();
    const panel = shopper.page.getByTestId('chat-panel');
    await panel.waitFor();
    if (!duty.onDuty) {
      const off = panel.getByTestId('chat-off-duty');
      await off.waitFor();
      expect(await off.textContent()).toContain('Dược sĩ sẽ trực lại lúc');
      expect(await off.getByRole('link', { name: 'Gửi yêu cầu tư vấn dược sĩ' }).getAttribute('href')).toBe('/tu-van-duoc-si');
      await shot(shopper.page, 'off-duty');
      await off.getByRole('button', { name: /Vẫn để lại tin nhắn/ }).click();
    }
    await panel.getByLabel('Họ và tên').fill(guestName);
    await panel.getByLabel('Số điện thoại').fill(phone);
    await panel.getByRole('button', { name: 'Bắt đầu trò chuyện' }).click();
    await eventually(() => panel.getByTestId('chat-status').textContent()).toContain('Đang chờ dược sĩ');
    await send(shopper.page, 'Chào dược sĩ, tôi bị ho khan 3 ngày');
    await eventually(() => shown(shopper.page, S)).toEqual(['Chào dược sĩ, tôi bị ho khan 3 ngày']);

    // The pharmacist sees the waiting shopper with their waiting time and takes the chat.
    await desk.page.goto(`${WEB}/dang-nhap?next=${encodeURIComponent('/quan-tri/tro-chuyen')}`);
    await desk.page.getByLabel('Email').fill(PHARMACIST.email);
    await desk.page.getByLabel('Mật khẩu').fill(PHARMACIST.password());
    await desk.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await desk.page.waitForURL((u) => u.pathname === '/quan-tri/tro-chuyen');
    const item = desk.page.getByTestId('chat-waiting-item').filter({ hasText: guestName });
    await eventually(() => item.count()).toBe(1);
    expect(await item.textContent()).toMatch(/Đã chờ \d+/);
    await item.getByRole('button', { name: 'Nhận' }).click();
    await eventually(() => shown(desk.page, P)).toEqual(['Chào dược sĩ, tôi bị ho khan 3 ngày']);
    await eventually(() => panel.getByTestId('chat-status').textContent()).toContain('đang tư vấn');

    // Both ways, with typing and read receipts.
    await desk.page.getByRole('textbox', { name: 'Nhập tin nhắn' }).pressSequentially('Bạn có');
    await eventually(() => panel.getByTestId('chat-typing').count()).toBe(1);
    await send(desk.page, 'Bạn có sốt không?');
    await eventually(() => shown(shopper.page, S)).toEqual(['Chào dược sĩ, tôi bị ho khan 3 ngày', 'Bạn có sốt không?']);
    await eventually(() => desk.page.locator(`${P} [data-testid="chat-read"]`).count()).toBe(1); // the shopper read it
    await eventually(() => panel.getByTestId('chat-read').count()).toBe(1); // the pharmacist read the shopper's
    await shot(shopper.page, 'shopper');
    await shot(desk.page, 'desk');

    // Drop 1: the shopper goes offline and the socket dies; both sides write meanwhile.
    await shopper.ctx.setOffline(true);
    await shopper.page.evaluate(CLOSE_LAST_SOCKET);
    await panel.getByTestId('chat-connection').waitFor();
    await send(desk.page, 'Bạn uống nhiều nước ấm nhé');
    await send(shopper.page, 'Tôi không sốt');
    expect(await pendingCount(shopper.page, S)).toBe(1);
    await shopper.ctx.setOffline(false);
    const afterDrop1 = ['Chào dược sĩ, tôi bị ho khan 3 ngày', 'Bạn có sốt không?', 'Bạn uống nhiều nước ấm nhé', 'Tôi không sốt'];
    await eventually(() => shown(shopper.page, S)).toEqual(afterDrop1);
    await eventually(() => shown(desk.page, P)).toEqual(afterDrop1);
    expect(await pendingCount(shopper.page, S)).toBe(0);

    // Drop 2: the socket closes right after a message leaves, before the server's ack: the resend (same client id)
    // after the reconnect is stored once.
    await shopper.page.evaluate(CLOSE_AFTER_NEXT_SEND);
    const sockets = Number(await shopper.page.evaluate(SOCKET_COUNT));
    await send(shopper.page, 'Có cần mua siro không?');
    await eventually(async () => Number(await shopper.page.evaluate(SOCKET_COUNT))).toBeGreaterThan(sockets);
    const all = [...afterDrop1, 'Có cần mua siro không?'];
    await eventually(() => shown(shopper.page, S)).toEqual(all);
    await eventually(() => shown(desk.page, P)).toEqual(all);
    expect(await pendingCount(shopper.page, S)).toBe(0);
    // The stored conversation, as the api answers it to the shopper: every message once, seq without gaps.
    const conv = (await (await shopper.page.request.get(`${WEB}/v1/chat/conversations/current`)).json()) as { id: string };
    const stored = (await (await shopper.page.request.get(`${WEB}/v1/chat/conversations/${conv.id}/messages?after=0`)).json()) as { items: Array<{ seq: number; body: string; senderRole: string }> };
    const texts = stored.items.filter((m) => m.senderRole !== 'system');
    expect(texts.map((m) => m.body)).toEqual(all);
    expect(stored.items.map((m) => m.seq)).toEqual(stored.items.map((_, i) => stored.items[0]!.seq + i));

    // The pharmacist turns the chat into a consultation; the shopper is told its code.
    await desk.page.getByRole('button', { name: 'Chuyển thành phiếu tư vấn' }).click();
    await desk.page.getByRole('dialog').getByRole('button', { name: 'Tạo phiếu tư vấn' }).click();
    const handover = desk.page.getByTestId('chat-handover');
    await handover.waitFor();
    const code = /phiếu tư vấn (\S+)\./.exec((await handover.textContent()) ?? '')?.[1];
    expect(code).toBeTruthy();

    // The shopper ends the chat and asks for the transcript.
    if ((await panel.getByTestId('chat-ended').count()) === 0) {
      await panel.getByRole('button', { name: 'Kết thúc trò chuyện' }).click();
      await panel.getByRole('button', { name: 'Kết thúc', exact: true }).click();
    }
    const ended = panel.getByTestId('chat-ended');
    await ended.waitFor();
    await eventually(() => ended.textContent()).toContain(code!);
    const email = `chat-${tag}@example.vn`;
    await ended.getByLabel('Nhận bản ghi qua email').fill(email);
    await ended.getByRole('button', { name: 'Gửi' }).click();
    await ended.getByText('Bản ghi cuộc trò chuyện sẽ được gửi tới email của bạn').waitFor();
    await shot(shopper.page, 'ended');
    await eventually(async () => {
      const { items } = (await (await fetch(`${API}/dev/mailbox?to=${encodeURIComponent(email)}`)).json()) as { items: Array<{ text: string }> };
      return items[0]?.text ?? '';
    }).toContain('Có cần mua siro không?');
    expect(cspViolations).toEqual([]);
  });
});
