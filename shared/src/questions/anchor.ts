/** The anchor of a question on the product page (`/san-pham/<slug>#cau-hoi-<id>`): the storefront and the email agree. */
export const questionAnchor = (questionId: string) => `cau-hoi-${questionId}`;
/** The product page's Q&A section. */
export const QUESTIONS_SECTION_ID = 'hoi-dap';
