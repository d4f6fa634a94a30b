import type { Metadata } from 'next';
import { ConsultationDetail } from '../../../../../components/consultation/ConsultationDetail';

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Yêu cầu tư vấn ${(await params).code}`, robots: { index: false } };
}

/** One consultation, read in the browser with the shopper's session or guest consultation cookie (both HttpOnly). */
export default async function ConsultationPage({ params }: Props) {
  const { code } = await params;
  return <ConsultationDetail code={code} />;
}
