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

/** The tree has three levels (ngành → nhóm → loại); the database's CHECK (0000) is the backstop of this rule. */
export const MAX_CATEGORY_LEVEL = 3;

export type Placement = { ok: true; path: string; level: number } | { ok: false; code: 'CATEGORY_TOO_DEEP' | 'CATEGORY_MOVE_INTO_ITSELF'; message: string };

/**
 * THE rule for where a category may sit: under `parent` (null: a root), a category whose own subtree is `height`
 * levels deep below it (0: no children) gets level parent+1 and path parent path + slug + '/'. Refused when its deepest
 * descendant would land on a 4th level, or when the parent is the category itself or one of its descendants.
 */
export function placeCategory(node: { slug: string; path: string | null; height: number }, parent: { path: string; level: number } | null): Placement {
  if (parent && node.path && parent.path.startsWith(node.path)) {
    return { ok: false, code: 'CATEGORY_MOVE_INTO_ITSELF', message: 'Không thể chuyển danh mục vào chính nó hoặc danh mục con của nó.' };
  }
  const level = (parent?.level ?? 0) + 1;
  if (level + node.height > MAX_CATEGORY_LEVEL) {
    return {
      ok: false,
      code: 'CATEGORY_TOO_DEEP',
      message: node.height > 0 ? `Cây danh mục chỉ có ${MAX_CATEGORY_LEVEL} cấp: chuyển tới đây, danh mục con sâu nhất sẽ nằm ở cấp ${level + node.height}.` : `Cây danh mục chỉ có ${MAX_CATEGORY_LEVEL} cấp, không thể tạo danh mục cấp ${level}.`,
    };
  }
  return { ok: true, path: `${parent?.path ?? '/'}${node.slug}/`, level };
}

/** `ids` in their new sibling order with `id` moved to index `at` (clamped); `id` is appended when it is new there. */
export function reorderSiblings(ids: readonly string[], id: string, at: number | undefined): string[] {
  const rest = ids.filter((x) => x !== id);
  const i = at === undefined ? (ids.includes(id) ? ids.indexOf(id) : rest.length) : Math.max(0, Math.min(at, rest.length));
  return [...rest.slice(0, i), id, ...rest.slice(i)];
}
