import { Prose } from './Prose';

/**
 * Markdown rendered as formatted, sanitised text (raw HTML dropped, safe link protocols): the article pages and the
 * console's live preview. #14: the products helper owns this component; this stand-in renders through `Prose`.
 */
export function Markdown({ source }: { source: string }) {
  return <Prose text={source} />;
}
