export interface CategoryRow {
  id: string;
  parentId: string | null;
  level: number;
  slug: string;
  name: string;
  path: string;
  position: number;
}

export interface CategoryNode {
  id: string;
  slug: string;
  name: string;
  level: number;
  path: string;
  /** Approved, visible products in this category and all its descendants. */
  productCount: number;
  children: CategoryNode[];
}

/** Builds the 3-level tree from flat rows; `directCounts` holds product counts per leaf category id. */
export function buildCategoryTree(rows: readonly CategoryRow[], directCounts: ReadonlyMap<string, number>): CategoryNode[] {
  const nodes = new Map<string, CategoryNode & { position: number }>();
  for (const r of rows) {
    nodes.set(r.id, { id: r.id, slug: r.slug, name: r.name, level: r.level, path: r.path, position: r.position, productCount: directCounts.get(r.id) ?? 0, children: [] });
  }
  const roots: Array<CategoryNode & { position: number }> = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parentId ? nodes.get(r.parentId) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const finish = (list: Array<CategoryNode & { position: number }>): CategoryNode[] =>
    list
      .sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, 'vi'))
      .map(({ position: _p, ...n }) => {
        const children = finish(n.children as Array<CategoryNode & { position: number }>);
        const productCount = n.productCount + children.reduce((s, ch) => s + ch.productCount, 0);
        return { ...n, productCount, children };
      });
  return finish(roots);
}

/** Ancestors of a category path (root first), e.g. `/a/b/c/` → [`/a/`, `/a/b/`, `/a/b/c/`]. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}
