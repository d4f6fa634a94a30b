export interface SeedArticle {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  topic: string;
  /** JSON array of strings. */
  tags: string;
  status: 'published';
  publishedAt: number;
  createdAt: number;
  updatedAt: number;
}
export function buildArticles(): SeedArticle[];
