/** #17: the storefront's collection pages (`/bo-suu-tap/<slug>`) and the api collection each one shows. */
export const COLLECTION_PAGES = {
  'uu-dai': { api: 'deals', title: 'Ưu đãi hôm nay', description: 'Sản phẩm đang giảm giá, giảm nhiều nhất trước.' },
  'ban-chay': { api: 'best-sellers', title: 'Bán chạy', description: 'Sản phẩm được mua nhiều nhất, theo từng danh mục.' },
  'hang-moi': { api: 'new-arrivals', title: 'Hàng mới về', description: 'Sản phẩm mới lên kệ tại nhà thuốc Medicare.' },
} as const;

export type CollectionPageSlug = keyof typeof COLLECTION_PAGES;

export const isCollectionPage = (slug: string): slug is CollectionPageSlug => Object.hasOwn(COLLECTION_PAGES, slug);
