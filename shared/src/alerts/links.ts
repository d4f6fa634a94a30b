/**
 * #17 alerts (ADR 0040): what the email links open. A GET never changes state (mail scanners prefetch links): each link
 * opens a storefront page (server-rendered, Vietnamese) with ONE button that POSTs the action to the api route, the
 * signed token in the URL. Mail clients get RFC 8058 one-click unsubscribe headers naming the same POST route; its
 * body `List-Unsubscribe=One-Click` answers 200 instead of the page's redirect to the notice.
 */
import { z } from '@hono/zod-openapi';

/** The storefront pages the email links open (web/src/app/(store)/thong-bao-email/[hanhDong]/page.tsx). */
export const EMAIL_ACTION_PAGES = {
  confirm: '/thong-bao-email/xac-nhan',
  unsubscribe: '/thong-bao-email/huy-thong-bao',
  pause: '/thong-bao-email/tam-dung',
  stop: '/thong-bao-email/dung-nhac',
} as const;
export type EmailActionPage = keyof typeof EMAIL_ACTION_PAGES;

export const emailActionPage = (web: string, page: EmailActionPage, token: string) => `${web}${EMAIL_ACTION_PAGES[page]}?t=${encodeURIComponent(token)}`;

/** RFC 8058: the one-click unsubscribe POST target (an https URL in production) for mail clients. */
export function oneClickUnsubscribeHeaders(postUrl: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${postUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** The RFC 8058 POST body's key and value. */
export const ONE_CLICK = { key: 'List-Unsubscribe', value: 'One-Click' } as const;

/** The body of an action POST: empty from the storefront page's button; `List-Unsubscribe=One-Click` from a mail client. */
export const ActionPostBodySchema = z
  .object({ [ONE_CLICK.key]: z.string().max(40).optional().openapi({ description: 'RFC 8058: `One-Click` from a mail client (answered 200); absent from the storefront page (answered 303 to the notice page)' }) })
  .openapi('EmailActionPost');
export const ActionDoneSchema = z.object({ done: z.literal(true) }).openapi('EmailActionDone');
