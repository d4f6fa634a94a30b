import { describe, expect, it } from 'vitest';
import { buildLocations } from '../../seed/generate.mjs';
import { regionOfProvince, searchWards } from '../src/locations/lookup';

const { provinces, wards, mappings } = buildLocations();

describe('2025 address reference data', () => {
  it('has the 34 provincial units and their wards, with no district level', () => {
    expect(provinces).toHaveLength(34);
    expect(new Set(provinces.map((p) => p.code)).size).toBe(34);
    expect(wards.length).toBeGreaterThan(3000);
    expect(wards.every((w) => provinces.some((p) => p.code === w.provinceCode))).toBe(true);
    expect(mappings.length).toBeGreaterThan(9000);
    expect(provinces.find((p) => p.code === '79')?.name).toBe('Thành phố Hồ Chí Minh');
    expect(provinces.find((p) => p.code === '01')?.name).toBe('Thành phố Hà Nội');
  });

  it('puts provinces in the right shipping region', () => {
    expect(regionOfProvince('01')).toBe('north');
    expect(regionOfProvince('31')).toBe('north');
    expect(regionOfProvince('48')).toBe('central');
    expect(regionOfProvince('68')).toBe('central');
    expect(regionOfProvince('79')).toBe('south');
    expect(regionOfProvince('96')).toBe('south');
  });
});

describe('searchWards', () => {
  const hcm = wards.filter((w) => w.provinceCode === '79');

  it('finds a ward typed without accents or the "Phường" prefix', () => {
    expect(searchWards(hcm, 'ben thanh')[0]?.name).toBe('Phường Bến Thành');
    expect(searchWards(hcm, 'Phuong Ben Thanh')[0]?.name).toBe('Phường Bến Thành');
    expect(searchWards(hcm, 'BẾN THÀNH')[0]?.name).toBe('Phường Bến Thành');
  });

  it('ranks exact over prefix over substring matches and honours the limit', () => {
    const res = searchWards(hcm, 'an', 5);
    expect(res.length).toBeLessThanOrEqual(5);
    const hn = wards.filter((w) => w.provinceCode === '01');
    const dinh = searchWards(hn, 'ba dinh');
    expect(dinh[0]?.name).toBe('Phường Ba Đình');
  });

  it('returns nothing for a name that is not there, and the first wards for an empty query', () => {
    expect(searchWards(hcm, 'khong co phuong nay')).toEqual([]);
    expect(searchWards(hcm, '   ', 3)).toHaveLength(3);
  });
});
