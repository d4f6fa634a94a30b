import { companyFromEnv, type CompanyEnv } from '../legal/company';
import type { InvoiceSeller } from './render';

/** The seller block printed on invoices: the company profile's fields (legal/company.ts, one owner, Worker vars). */
export type SellerEnv = CompanyEnv;

export function sellerFromEnv(env: SellerEnv): InvoiceSeller {
  const c = companyFromEnv(env);
  return { name: c.name, address: c.address, taxCode: c.taxCode, hotline: c.hotline, website: c.website };
}
