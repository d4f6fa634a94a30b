// #18: THE match rule (shared/src/prescriptions/match.ts): strengths compared as number + canonical unit, dosage forms
// by family, ingredient from names — the weights that rank a prescription's drug against our products.
import { describe, expect, it } from 'vitest';
import { formFamily, matchScore, parseStrength } from '../src/prescriptions/match';

describe('parseStrength', () => {
  it('reads number + unit, Vietnamese decimal commas, and converts g and mcg to mg', () => {
    expect(parseStrength('500 mg')).toEqual({ value: 500, unit: 'mg' });
    expect(parseStrength('0,5g')).toEqual({ value: 500, unit: 'mg' });
    expect(parseStrength('250mcg')).toEqual({ value: 0.25, unit: 'mg' });
    expect(parseStrength('Beta Amoxicillin 500mg')).toEqual({ value: 500, unit: 'mg' });
    expect(parseStrength('2,5 mg/5 ml')).toEqual({ value: 2.5, unit: 'mg' });
    expect(parseStrength('1000 UI')).toEqual({ value: 1000, unit: 'iu' });
    expect(parseStrength('hộp 10 vỉ')).toBeNull();
    expect(parseStrength(null)).toBeNull();
  });
});

describe('formFamily', () => {
  it('groups what prescriptions write with our dosage forms', () => {
    expect(formFamily('Viên nang cứng')).toBe('capsule');
    expect(formFamily('capsule')).toBe('capsule');
    expect(formFamily('Viên nén bao phim')).toBe('tablet');
    expect(formFamily('Viên sủi')).toBe('effervescent');
    expect(formFamily('Bột pha hỗn dịch uống')).toBe('powder');
    expect(formFamily('Siro')).toBe('liquid');
    expect(formFamily('Thuốc nhỏ mắt')).toBe('drops');
    expect(formFamily('Sữa rửa mặt')).toBeNull();
  });
});

describe('matchScore', () => {
  const beta = { name: 'Beta Amoxicillin 500mg', dosageForm: 'Viên nang cứng', ingredients: [{ name: 'Amoxicillin', strength: '500mg' }] };
  const powder = { name: 'Gamma Amoxicillin 250mg', dosageForm: 'Bột pha hỗn dịch uống', ingredients: [{ name: 'Amoxicillin', strength: '250mg' }] };
  const tablet = { name: 'Delta Amoxicillin 500mg', dosageForm: 'Viên nén', ingredients: [{ name: 'Amoxicillin', strength: '0,5 g' }] };
  const drug = { name: 'Amoxicillin', strength: '500 mg', form: 'viên nang' };

  it('ingredient + strength + form all agreeing is 1; each disagreement costs its weight', () => {
    expect(matchScore(drug, beta)).toEqual({ confidence: 1, strength: '500mg' });
    expect(matchScore(drug, tablet).confidence).toBe(0.8); // form differs (0.2)
    expect(matchScore(drug, powder).confidence).toBe(0.5); // strength (0.3) and form (0.2) differ
  });

  it('unknown strength or form on either side counts half; a candidate found by other text half the ingredient weight', () => {
    expect(matchScore({ name: 'Amoxicillin', strength: null, form: null }, beta).confidence).toBe(0.75);
    expect(matchScore({ name: 'Augmentin', strength: '500mg', form: 'viên nang' }, beta).confidence).toBe(0.75);
  });
});
