import { describe, expect, it } from 'vitest';
import { facetGroups, listingQuery, toParams } from '../src/lib/listing';

const facets = {
  categories: [{ slug: 'thuoc', name: 'Thuốc', count: 3 }],
  brands: [{ slug: 'alpha', name: 'Alpha', count: 2 }],
  dosageForms: [{ value: 'Viên nén', count: 2 }],
  prescription: [{ rx: false, label: 'Không kê đơn', count: 3 }],
  priceBuckets: [
    { min: 100_000, max: 200_000, label: '100.000đ – 200.000đ', count: 2 },
    { min: 500_000, max: null, label: 'Từ 500.000đ', count: 1 },
  ],
};

describe('filter groups from the API facets', () => {
  it('uses the server buckets; a bucket ends below its max, and maxPrice is inclusive', () => {
    const price = facetGroups(facets, { categories: false }).find((g) => g.key === 'gia')!;
    expect(price.options).toEqual([
      { value: '100000-199999', label: '100.000đ – 200.000đ', count: 2 },
      { value: '500000-', label: 'Từ 500.000đ', count: 1 },
    ]);
    expect(listingQuery(toParams({ gia: '100000-199999' }))).toMatchObject({ minPrice: '100000', maxPrice: '199999' });
    expect(listingQuery(toParams({ gia: '500000-' }))).not.toHaveProperty('maxPrice');
  });

  it('offers categories only where they are a filter (search), not beside the category links', () => {
    expect(facetGroups(facets, { categories: true }).map((g) => g.key)).toEqual(['category', 'brand', 'dosageForm', 'rx', 'gia', 'inStock']);
    expect(facetGroups(facets, { categories: false }).map((g) => g.key)).toEqual(['brand', 'dosageForm', 'rx', 'gia', 'inStock']);
    expect(facetGroups({ ...facets, brands: [] }, { categories: false }).map((g) => g.key)).not.toContain('brand');
  });
});
