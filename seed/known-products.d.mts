export const KNOWN_PRODUCTS: Array<{ name: string; rx?: boolean; ing: Array<[string, string]>; [key: string]: unknown }>;
