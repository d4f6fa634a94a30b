import type { Metadata } from 'next';
import { GuestLink } from '../../../../components/consultation/GuestLink';

export const metadata: Metadata = { title: 'Mở yêu cầu tư vấn', robots: { index: false } };

/**
 * Where a guest's email link lands (`/tu-van-duoc-si/truy-cap#t=<signed token>`): the token rides in the fragment, so
 * it never reaches a server log or a Referer; the page exchanges it for the guest consultation cookie, then opens the
 * consultation.
 */
export default function GuestLinkPage() {
  return <GuestLink />;
}
