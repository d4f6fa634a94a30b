/** #14 model: the SĐK format rule and the product input's cross-field rules (the routes' tests cover the paths). */
import { describe, expect, it } from 'vitest';
import { normalizeRegistrationNumber, registrationNumberProblem } from '../src/catalog/product-input';
import { revisionChanges, splitChange } from '../src/catalog/approval';

describe('registrationNumberProblem', () => {
  it.each(['VD-12345-18', 'VN-12345-18', 'VN2-123-19', 'VD3-12-20', 'GC-123-17', 'QLĐB-123-15', 'QLSP-1234-19', '893110123423', '1234/2019/ĐKSP', '12345/21/CBMP-HN', ' vd-12345-18 '])('accepts %s', (v) => {
    expect(registrationNumberProblem(v)).toBeNull();
  });
  it.each(['', 'SDK 123', 'VD-12345', 'VD-1-18', '89311012342', 'ABC-12345-18', '1234/2019/'])('refuses %j with a Vietnamese message', (v) => {
    expect(registrationNumberProblem(v)).toMatch(/Số đăng ký/);
  });
  it('normalises what staff type', () => {
    expect(normalizeRegistrationNumber(' vn – 12345 – 19 ')).toBe('VN-12345-19');
  });
});

describe('approval split', () => {
  it('medical fields wait, the others apply', () => {
    const base = { dosage: 'a', indications: 'x', ingredients: [{ name: 'P', strength: '1' }], prescriptionRequired: false, specialControl: false, contraindications: null, sideEffects: null, precautions: null, registrationNumber: null, dosageForm: 'Viên' };
    const next = { ...base, dosage: 'b', name: 'New' } as typeof base & { name: string };
    const { direct, medical } = splitChange({ ...base, name: 'Old' }, next);
    expect(direct).toEqual(['name']);
    expect(medical).toEqual({ dosage: 'b' });
    expect(revisionChanges(base, medical)).toEqual([{ field: 'dosage', label: 'Liều dùng', before: 'a', after: 'b' }]);
  });
});
