import ReactMarkdown, { type Components } from 'react-markdown';

/**
 * THE storefront's Markdown renderer (product descriptions and leaflet sections, health articles, the console's
 * previews): Markdown from the catalogue or the CMS becomes formatted text, rendered on the server to React elements.
 * Sanitised: raw HTML in the source is dropped (`skipHtml`, never parsed into elements), and every link or image URL
 * goes through `safeUrl` (only http(s), mailto:, tel: and same-site paths; anything else — javascript:, data:,
 * vbscript:… — becomes an inert empty href). Links that leave the site open with rel="nofollow noopener noreferrer".
 * `nested`: the text sits under a section's own heading (product pages), so its headings start one level lower.
 */
export function Markdown({ source, nested = false, className = '' }: { source: string; nested?: boolean; className?: string }) {
  return (
    <div
      className={`space-y-3 leading-relaxed [&_a]:text-emerald-700 [&_a]:underline [&_h2]:mt-6 [&_h2]:text-lg [&_h2]:font-semibold [&_h3]:mt-4 [&_h3]:font-semibold [&_h4]:font-semibold [&_li]:ml-5 [&_li]:list-disc [&_ol>li]:list-decimal [&_p]:whitespace-pre-line [&_strong]:font-semibold ${className}`}
    >
      <ReactMarkdown skipHtml urlTransform={safeUrl} components={nested ? nestedComponents : components}>
        {source}
      </ReactMarkdown>
    </div>
  );
}

const SAFE_PROTOCOL = /^(https?:|mailto:|tel:)/i;

/**
 * The URL rule of rendered Markdown: absolute http(s), mailto: and tel: URLs, and same-site references (a path, a
 * `#fragment` or a `?query`; not a protocol-relative `//host`), pass unchanged; anything else becomes ''.
 */
export function safeUrl(url: string): string {
  // Browsers ignore ASCII control characters and whitespace inside a scheme ("java\tscript:"): strip them first.
  // eslint-disable-next-line no-control-regex
  const u = url.replace(/[\u0000-\u0020\u007f]/g, '');
  if (SAFE_PROTOCOL.test(u)) return url.trim();
  // Another host: protocol-relative //host, and /\host or \\host, which browsers read the same way.
  if (/^[/\\]{2}/.test(u) || u.startsWith('\\')) return '';
  // A same-site reference (path, #fragment, ?query, "bai-viet-khac"): no scheme, i.e. no ':' before any / ? #.
  if (!/^[^/?#]*:/.test(u)) return url.trim();
  return '';
}

const isExternal = (href: string | undefined) => !!href && /^https?:/i.test(href);

const link: Components['a'] = ({ node: _n, href, children, ...p }) =>
  isExternal(href) ? (
    <a {...p} href={href} rel="nofollow noopener noreferrer" target="_blank">
      {children}
    </a>
  ) : (
    <a {...p} href={href || undefined}>
      {children}
    </a>
  );

const components: Components = { a: link };

const nestedComponents: Components = {
  a: link,
  h1: ({ node: _n, ...p }) => <h3 {...p} />,
  h2: ({ node: _n, ...p }) => <h3 {...p} />,
  h3: ({ node: _n, ...p }) => <h4 {...p} />,
  h4: ({ node: _n, ...p }) => <h4 {...p} />,
};
