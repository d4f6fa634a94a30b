/**
 * THE company profile (#17 legal, ADR 0041): the seller's legal identity that Vietnamese law asks an online pharmacy
 * to publish (Decree 52/2013 as amended by 85/2021: name, business registration, tax code, address, contacts, the
 * e-commerce notification; Law 44/2024/QH15: the pharmacy business eligibility certificate and the responsible
 * pharmacist's practising certificate). One owner: the invoice's seller block (invoice/seller.ts) and the storefront
 * footer (GET /v1/legal) both read it from here.
 *
 * Every field comes from a Worker var (wrangler.toml [vars] of the api and consumer Workers). The defaults below are
 * DEVELOPMENT SAMPLES: the numbers are fictitious and say so ("giả lập"), like the seeded pickup counter's licences
 * (migrations/0023). Set the real values before go-live; `sample` tells whether a fictitious number is still in use (the footer says so).
 */
import { z } from '@hono/zod-openapi';

export interface CompanyEnv {
  COMPANY_NAME?: string;
  /** Giấy chứng nhận đăng ký doanh nghiệp: number (= the enterprise code), issuing authority, first issue date. */
  COMPANY_REGISTRATION_NUMBER?: string;
  COMPANY_REGISTRATION_ISSUER?: string;
  COMPANY_REGISTRATION_DATE?: string;
  COMPANY_TAX_CODE?: string;
  COMPANY_ADDRESS?: string;
  COMPANY_HOTLINE?: string;
  COMPANY_EMAIL?: string;
  COMPANY_WEBSITE?: string;
  /** Giấy chứng nhận đủ điều kiện kinh doanh dược: number and issuing authority. */
  PHARMACY_LICENCE_NUMBER?: string;
  PHARMACY_LICENCE_ISSUER?: string;
  /** Dược sĩ chịu trách nhiệm chuyên môn and their Chứng chỉ hành nghề dược number. */
  RESPONSIBLE_PHARMACIST_NAME?: string;
  RESPONSIBLE_PHARMACIST_CERTIFICATE?: string;
  /**
   * The Ministry of Industry and Trade's "Đã thông báo" badge: the https link online.gov.vn gives, and its image: a path
   * on the storefront (e.g. `/da-thong-bao-bct.png` in web/public, allowed by the storefront's CSP as is) or an https
   * URL (then add its origin to img-src in web/src/lib/csp.ts). Either empty: no badge.
   */
  ECOMMERCE_BADGE_URL?: string;
  ECOMMERCE_BADGE_IMAGE_URL?: string;
}

export const CompanyProfileSchema = z
  .object({
    name: z.string(),
    registration: z.object({ number: z.string(), issuer: z.string(), issuedOn: z.string() }),
    taxCode: z.string(),
    address: z.string(),
    hotline: z.string(),
    email: z.string(),
    website: z.string(),
    pharmacyLicence: z.object({ number: z.string(), issuer: z.string() }),
    responsiblePharmacist: z.object({ name: z.string(), certificate: z.string() }),
    ecommerceBadge: z.object({ url: z.string(), imageUrl: z.string() }).nullable().openapi({ description: 'Only when both the link and the image are configured' }),
    sample: z.boolean().openapi({ description: 'True while a registration, tax, licence or certificate number is still the fictitious development sample' }),
  })
  .openapi('CompanyProfile');
export type CompanyProfile = z.infer<typeof CompanyProfileSchema>;

/** Development samples: fictitious numbers, marked as such. Never shown as real: replace through [vars]. */
export const SAMPLE_COMPANY: Required<Omit<CompanyEnv, 'ECOMMERCE_BADGE_URL' | 'ECOMMERCE_BADGE_IMAGE_URL'>> = {
  COMPANY_NAME: 'Công ty Cổ phần Dược phẩm Medicare',
  COMPANY_REGISTRATION_NUMBER: '0318000000 (số giả lập)',
  COMPANY_REGISTRATION_ISSUER: 'Sở Tài chính Thành phố Hồ Chí Minh',
  COMPANY_REGISTRATION_DATE: '01/07/2025',
  COMPANY_TAX_CODE: '0318000000 (số giả lập)',
  COMPANY_ADDRESS: '12 Nguyễn Thị Minh Khai, Phường Sài Gòn, Thành phố Hồ Chí Minh',
  COMPANY_HOTLINE: '1900 6868',
  COMPANY_EMAIL: 'hotro@medicare.vn',
  COMPANY_WEBSITE: 'medicare.vn',
  PHARMACY_LICENCE_NUMBER: '0000/ĐKKDD-HCM (số giả lập)',
  PHARMACY_LICENCE_ISSUER: 'Sở Y tế Thành phố Hồ Chí Minh',
  RESPONSIBLE_PHARMACIST_NAME: 'DS. Trần Thị Minh Thư',
  RESPONSIBLE_PHARMACIST_CERTIFICATE: '0000/CCHN-D-SYT-HCM (số giả lập)',
};

/** The identifying numbers: while one of them is still the fictitious sample, the profile is a sample. */
const NUMBERS = ['COMPANY_REGISTRATION_NUMBER', 'COMPANY_TAX_CODE', 'PHARMACY_LICENCE_NUMBER', 'RESPONSIBLE_PHARMACIST_CERTIFICATE'] as const;

export function companyFromEnv(env: CompanyEnv): CompanyProfile {
  const v = (k: keyof typeof SAMPLE_COMPANY): string => env[k]?.trim() || SAMPLE_COMPANY[k];
  const sample = NUMBERS.some((k) => v(k) === SAMPLE_COMPANY[k]);
  const badgeUrl = env.ECOMMERCE_BADGE_URL?.trim();
  const badgeImage = env.ECOMMERCE_BADGE_IMAGE_URL?.trim();
  const profile = {
    name: v('COMPANY_NAME'),
    registration: { number: v('COMPANY_REGISTRATION_NUMBER'), issuer: v('COMPANY_REGISTRATION_ISSUER'), issuedOn: v('COMPANY_REGISTRATION_DATE') },
    taxCode: v('COMPANY_TAX_CODE'),
    address: v('COMPANY_ADDRESS'),
    hotline: v('COMPANY_HOTLINE'),
    email: v('COMPANY_EMAIL'),
    website: v('COMPANY_WEBSITE'),
    pharmacyLicence: { number: v('PHARMACY_LICENCE_NUMBER'), issuer: v('PHARMACY_LICENCE_ISSUER') },
    responsiblePharmacist: { name: v('RESPONSIBLE_PHARMACIST_NAME'), certificate: v('RESPONSIBLE_PHARMACIST_CERTIFICATE') },
    ecommerceBadge: badgeUrl && badgeImage && /^https:\/\//.test(badgeUrl) && /^(https:\/\/|\/(?!\/))/.test(badgeImage) ? { url: badgeUrl, imageUrl: badgeImage } : null,
  };
  return { ...profile, sample };
}
