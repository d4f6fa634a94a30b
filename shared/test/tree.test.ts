import { describe, expect, it } from 'vitest';
import { ancestorPaths, buildCategoryTree } from '../src/catalog/tree';

const row = (id: string, parentId: string | null, level: number, path: string, position = 0) => ({ id, parentId, level, slug: id, name: id.toUpperCase(), path, position });

describe('buildCategoryTree', () => {
  it('nests three levels, orders by position and rolls product counts up', () => {
    const rows = [
      row('b', null, 1, '/b/', 1),
      row('a', null, 1, '/a/', 0),
      row('a2', 'a', 2, '/a/a2/'),
      row('a2x', 'a2', 3, '/a/a2/a2x/', 1),
      row('a2y', 'a2', 3, '/a/a2/a2y/', 0),
    ];
    const tree = buildCategoryTree(rows, new Map([['a2x', 3], ['a2y', 2], ['b', 1]]));
    expect(tree.map((n) => n.slug)).toEqual(['a', 'b']);
    expect(tree[0]!.productCount).toBe(5);
    expect(tree[0]!.children[0]!.children.map((n) => [n.slug, n.productCount])).toEqual([['a2y', 2], ['a2x', 3]]);
    expect(tree[1]!.productCount).toBe(1);
  });

  it('lists ancestor paths root first', () => {
    expect(ancestorPaths('/a/b/c/')).toEqual(['/a/', '/a/b/', '/a/b/c/']);
  });
});
