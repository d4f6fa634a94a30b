import { describe, expect, it } from 'vitest';
import { ancestorPaths, buildCategoryTree, placeCategory, reorderSiblings } from '../src/catalog/tree';

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

describe('placeCategory (#14: where a category may sit)', () => {
  const l2 = { path: '/thuoc/giam-dau/', level: 2 };
  it('places a new category under its parent, one level down', () => {
    expect(placeCategory({ slug: 'ha-sot', path: null, height: 0 }, l2)).toEqual({ ok: true, path: '/thuoc/giam-dau/ha-sot/', level: 3 });
    expect(placeCategory({ slug: 'thuoc', path: null, height: 0 }, null)).toEqual({ ok: true, path: '/thuoc/', level: 1 });
  });
  it('refuses a 4th level, counting the moved subtree', () => {
    expect(placeCategory({ slug: 'cap-bon', path: null, height: 0 }, { path: '/a/b/c/', level: 3 })).toMatchObject({ ok: false, code: 'CATEGORY_TOO_DEEP' });
    // A level-2 category with children moved under another level-2: its children would be on level 4.
    expect(placeCategory({ slug: 'khang-sinh', path: '/thuoc/khang-sinh/', height: 1 }, l2)).toMatchObject({ ok: false, code: 'CATEGORY_TOO_DEEP' });
    expect(placeCategory({ slug: 'khang-sinh', path: '/thuoc/khang-sinh/', height: 1 }, { path: '/my-pham/', level: 1 })).toEqual({ ok: true, path: '/my-pham/khang-sinh/', level: 2 });
  });
  it('refuses a parent inside the moved subtree, but not a sibling sharing a slug prefix', () => {
    expect(placeCategory({ slug: 'thuoc', path: '/thuoc/', height: 2 }, l2)).toMatchObject({ ok: false, code: 'CATEGORY_MOVE_INTO_ITSELF' });
    expect(placeCategory({ slug: 'thuoc', path: '/thuoc/', height: 1 }, { path: '/thuoc-bo/', level: 1 })).toMatchObject({ ok: true, path: '/thuoc-bo/thuoc/' });
  });
});

describe('reorderSiblings', () => {
  it('moves, inserts and appends', () => {
    expect(reorderSiblings(['a', 'b', 'c'], 'c', 0)).toEqual(['c', 'a', 'b']);
    expect(reorderSiblings(['a', 'b', 'c'], 'a', 9)).toEqual(['b', 'c', 'a']);
    expect(reorderSiblings(['a', 'b'], 'x', undefined)).toEqual(['a', 'b', 'x']);
    expect(reorderSiblings(['a', 'b'], 'x', 1)).toEqual(['a', 'x', 'b']);
    expect(reorderSiblings(['a', 'b', 'c'], 'b', undefined)).toEqual(['a', 'b', 'c']);
  });
});
