// next/image loader: the api Worker resizes product images to these widths (IMAGE_WIDTHS in shared/src/catalog/images.ts).
const WIDTHS = [64, 128, 256, 384, 512, 768, 1024, 1536];

export default function imageLoader({ src, width }: { src: string; width: number }): string {
  if (!src.startsWith('/v1/images/')) return src;
  const w = WIDTHS.find((x) => x >= width) ?? WIDTHS[WIDTHS.length - 1];
  return `${src}${src.includes('?') ? '&' : '?'}w=${w}`;
}
