/**
 * Which product fields need a pharmacist's approval (issue 14, ADR 0024), and the diff a pharmacist decides on.
 * ONE list: the write plan splits a save with it, the queue shows its labels, the console marks these fields.
 */
import type { ProductInput } from './product-input';

/** Medical fields, with the Vietnamese label the queue and the console show. Order = display order. */
export const MEDICAL_FIELD_LABELS = {
  ingredients: 'Thành phần hoạt chất',
  indications: 'Chỉ định',
  dosage: 'Liều dùng',
  contraindications: 'Chống chỉ định',
  sideEffects: 'Tác dụng phụ',
  precautions: 'Thận trọng',
  prescriptionRequired: 'Thuốc kê đơn',
  specialControl: 'Thuốc kiểm soát đặc biệt',
  registrationNumber: 'Số đăng ký (SĐK)',
  dosageForm: 'Dạng bào chế',
} as const satisfies Partial<Record<keyof ProductInput, string>>;

export type MedicalField = keyof typeof MEDICAL_FIELD_LABELS;
export const MEDICAL_FIELDS = Object.keys(MEDICAL_FIELD_LABELS) as MedicalField[];

export function isMedicalField(field: string): field is MedicalField {
  return Object.hasOwn(MEDICAL_FIELD_LABELS, field);
}

/** The medical part of a product: what a revision proposes and what approval applies. */
export type MedicalValues = Pick<ProductInput, MedicalField>;

export function medicalValues(p: MedicalValues): MedicalValues {
  return Object.fromEntries(MEDICAL_FIELDS.map((f) => [f, p[f]])) as MedicalValues;
}

/** Canonical form for comparing values (ingredients compared by name + strength in order; empty text = null). */
export function canonical(v: unknown): string {
  return JSON.stringify(v === undefined || v === '' ? null : v);
}

export function sameValue(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * Splits a save into what applies at once (`direct`: every other changed field) and what waits for a pharmacist
 * (`medical`: the changed medical fields with their proposed values). Unit, image, price and stock fields are direct.
 */
export function splitChange<T extends MedicalValues>(existing: T, input: T): { direct: (keyof T)[]; medical: Partial<MedicalValues> } {
  const direct: (keyof T)[] = [];
  const medical: Partial<MedicalValues> = {};
  for (const key of Object.keys(input) as (keyof T)[]) {
    if (sameValue(existing[key], input[key])) continue;
    if (isMedicalField(key as string)) (medical as Record<string, unknown>)[key as string] = input[key];
    else direct.push(key);
  }
  return { direct, medical };
}

export interface FieldChange {
  field: MedicalField;
  label: string;
  before: unknown;
  after: unknown;
}

/** The side-by-side diff of a revision: each proposed field with the approved value it replaces (`null` when new). */
export function revisionChanges(before: Partial<MedicalValues>, proposed: Partial<MedicalValues>): FieldChange[] {
  return MEDICAL_FIELDS.filter((f) => Object.hasOwn(proposed, f) && (!Object.hasOwn(before, f) || !sameValue(before[f], proposed[f]))).map((f) => ({
    field: f,
    label: MEDICAL_FIELD_LABELS[f],
    before: Object.hasOwn(before, f) ? (before[f] ?? null) : null,
    after: proposed[f] ?? null,
  }));
}
