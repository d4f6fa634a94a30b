import Markdown, { type Components } from 'react-markdown';

/**
 * Markdown from the catalogue or the articles, rendered on the server to React elements and sanitised: raw HTML in
 * the source is dropped (`skipHtml`), link and image URLs pass react-markdown's default URL filter (no `javascript:`).
 * `nested`: the text sits under a section's own heading (product pages), so its headings start one level lower.
 */
const nestedHeadings: Components = {
  h1: ({ node: _n, ...p }) => <h3 {...p} />,
  h2: ({ node: _n, ...p }) => <h3 {...p} />,
  h3: ({ node: _n, ...p }) => <h4 {...p} />,
  h4: ({ node: _n, ...p }) => <h4 {...p} />,
};

export function Prose({ text, nested = false, className = '' }: { text: string; nested?: boolean; className?: string }) {
  return (
    <div
      className={`space-y-3 leading-relaxed [&_a]:text-emerald-700 [&_a]:underline [&_h2]:mt-6 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold [&_h4]:font-semibold [&_li]:ml-5 [&_li]:list-disc [&_ol>li]:list-decimal [&_p]:whitespace-pre-line ${className}`}
    >
      <Markdown skipHtml components={nested ? nestedHeadings : undefined}>
        {text}
      </Markdown>
    </div>
  );
}
