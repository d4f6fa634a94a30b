/**
 * The storefront's one Markdown component (web/src/components/markdown.tsx), rendered with react-dom/server as the
 * product and article pages render it: formatted text, never raw `##` / `**`, no raw HTML, no unsafe link.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Markdown, safeUrl } from '../src/components/markdown';

const html = (source: string, nested = false) => renderToStaticMarkup(createElement(Markdown, { source, nested }));

describe('Markdown: catalogue and article text as formatted, sanitised HTML (#14)', () => {
  it('renders the seed description shape as headings, bold and lists, with no literal ## or **', () => {
    const out = html('## Panadol Extra\n\n**Thành phần:** Paracetamol 500mg.\n\n- Giảm đau\n- Hạ sốt');
    expect(out).toContain('<h2>Panadol Extra</h2>');
    expect(out).toContain('<strong>Thành phần:</strong>');
    expect(out).toContain('<li>Giảm đau</li>');
    expect(out).not.toMatch(/##|\*\*/);
  });

  it('puts headings one level lower under a product page section', () => {
    expect(html('## Tiêu đề', true)).toContain('<h3>Tiêu đề</h3>');
  });

  it('drops raw HTML instead of rendering it', () => {
    const out = html('Xin chào <script>alert(1)</script><img src=x onerror="alert(2)"> <b>đậm</b>\n\n<iframe src="https://evil.example"></iframe>');
    expect(out).not.toMatch(/<script|<img|onerror|<iframe|<b>/);
    expect(out).toContain('Xin chào');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'vbscript:msgbox', '//evil.example/x', '/\\evil.example'])(
    'turns the unsafe link %j into an inert one',
    (href) => {
      const out = html(`[bấm](${href.replace(/\t/g, '%09')}) và [ở đây](<${href}>)`);
      const hrefs = [...out.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
      // Either no href at all or one that stays on this site (a percent-encoded backslash is a path character).
      for (const h of hrefs) expect(h).not.toMatch(/^(\s*(javascript|vbscript|data):|\/\/|\/\\|\\)/i);
      expect(out).not.toMatch(/javascript|vbscript|data:/i);
      expect(out).toContain('bấm');
    },
  );

  it('keeps safe links, and marks those leaving the site nofollow noopener in a new tab', () => {
    const out = html('[Cẩm nang](/cam-nang/cam-cum) [Bộ Y tế](https://moh.gov.vn) [gọi](tel:19001234) [thư](mailto:cskh@medicare.vn)');
    expect(out).toContain('<a href="/cam-nang/cam-cum">Cẩm nang</a>');
    expect(out).toContain('<a href="https://moh.gov.vn" rel="nofollow noopener noreferrer" target="_blank">Bộ Y tế</a>');
    expect(out).toContain('href="tel:19001234"');
    expect(out).toContain('href="mailto:cskh@medicare.vn"');
  });

  it('safeUrl: the URL rule on its own', () => {
    expect(safeUrl('https://a.vn/x')).toBe('https://a.vn/x');
    expect(safeUrl('#muc-1')).toBe('#muc-1');
    expect(safeUrl('bai-khac')).toBe('bai-khac');
    expect(safeUrl(' javascript:alert(1)')).toBe('');
    expect(safeUrl('//evil.example')).toBe('');
  });
});
