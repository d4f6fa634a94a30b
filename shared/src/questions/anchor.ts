/** The anchor of a question on the product page (`/san-pham/<slug>#cau-hoi-<id>`): the storefront and the email agree. */
export const questionAnchor = (questionId: string) => `cau-hoi-${questionId}`;
/** The product page's Q&A section. */
export const QUESTIONS_SECTION_ID = 'hoi-dap';

/** The question a page address's fragment links to (`#cau-hoi-<id>` → `<id>`), or null for any other fragment. */
export function linkedQuestionId(hash: string): string | null {
  const prefix = `#${questionAnchor('')}`;
  return hash.startsWith(prefix) && hash.length > prefix.length ? hash.slice(prefix.length) : null;
}
