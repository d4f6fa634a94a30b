import type { InvoiceSeller } from './render';

/** The seller block printed on invoices; each field can be set per deployment (Worker vars). */
export interface SellerEnv {
  SELLER_NAME?: string;
  SELLER_ADDRESS?: string;
  SELLER_TAX_CODE?: string;
  SELLER_HOTLINE?: string;
  SELLER_WEBSITE?: string;
}

export const DEFAULT_SELLER: InvoiceSeller = {
  name: 'Công ty Cổ phần Dược phẩm Medicare',
  address: '12 Nguyễn Thị Minh Khai, Phường Sài Gòn, Thành phố Hồ Chí Minh',
  taxCode: '0318000000',
  hotline: '1900 6868',
  website: 'medicare.vn',
};

export function sellerFromEnv(env: SellerEnv): InvoiceSeller {
  return {
    name: env.SELLER_NAME || DEFAULT_SELLER.name,
    address: env.SELLER_ADDRESS || DEFAULT_SELLER.address,
    taxCode: env.SELLER_TAX_CODE || DEFAULT_SELLER.taxCode,
    hotline: env.SELLER_HOTLINE || DEFAULT_SELLER.hotline,
    website: env.SELLER_WEBSITE || DEFAULT_SELLER.website,
  };
}
