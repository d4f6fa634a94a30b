'use client';
import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { isMedicalField, MEDICAL_FIELD_LABELS } from '../../../../../shared/src/catalog/approval';
import { apiError, browserApi } from '../../../lib/api';
import { useHydrated } from '../../Field';
import { useToast } from '../Toaster';
import { localToMs, msToLocal } from './labels';
import { CheckboxInput, Section, SelectInput, TextArea, TextInput } from './fields';
import type { AdminProduct, CategoryOption, ProductInput, ProductPatch, UnitInput } from './types';

const OFFLINE = 'Không kết nối được tới máy chủ. Vui lòng thử lại.';

interface UnitRow {
  key: string;
  id?: string;
  name: string;
  factor: string;
  price: string;
  salePrice: string;
  saleStartsAt: string;
  saleEndsAt: string;
  weightGrams: string;
  barcode: string;
  isDefault: boolean;
  retired: boolean;
}
interface IngredientRow {
  key: string;
  name: string;
  strength: string;
}
interface FormState {
  name: string;
  slug: string;
  shortDescription: string;
  description: string;
  categoryId: string;
  brandId: string;
  hasManufacturer: boolean;
  manufacturerName: string;
  manufacturerAddress: string;
  manufacturerCountry: string;
  registrationNumber: string;
  prescriptionRequired: boolean;
  specialControl: boolean;
  dosageForm: string;
  packSpec: string;
  baseUnit: string;
  ingredients: IngredientRow[];
  indications: string;
  dosage: string;
  sideEffects: string;
  contraindications: string;
  precautions: string;
  storage: string;
  countryOfOrigin: string;
  lowStockThreshold: string;
  /** #17 refill reminders: regular-use flag and usual daily use (base units per day). */
  refillEligible: boolean;
  dailyUseBase: string;
  visible: boolean;
  units: UnitRow[];
}

let keySeq = 0;
const newKey = () => `k${++keySeq}`;

const blankUnit = (isDefault: boolean): UnitRow => ({ key: newKey(), name: '', factor: '1', price: '', salePrice: '', saleStartsAt: '', saleEndsAt: '', weightGrams: '', barcode: '', isDefault, retired: false });

function emptyForm(): FormState {
  return {
    name: '',
    slug: '',
    shortDescription: '',
    description: '',
    categoryId: '',
    brandId: '',
    hasManufacturer: true,
    manufacturerName: '',
    manufacturerAddress: '',
    manufacturerCountry: 'Việt Nam',
    registrationNumber: '',
    prescriptionRequired: false,
    specialControl: false,
    dosageForm: '',
    packSpec: '',
    baseUnit: '',
    ingredients: [{ key: newKey(), name: '', strength: '' }],
    indications: '',
    dosage: '',
    sideEffects: '',
    contraindications: '',
    precautions: '',
    storage: '',
    countryOfOrigin: 'Việt Nam',
    lowStockThreshold: '10',
    refillEligible: false,
    dailyUseBase: '',
    visible: true,
    units: [blankUnit(true)],
  };
}

function fromProduct(p: AdminProduct): FormState {
  return {
    name: p.name,
    slug: p.slug,
    shortDescription: p.shortDescription,
    description: p.description,
    categoryId: p.categoryId,
    brandId: p.brandId,
    hasManufacturer: p.manufacturer !== null,
    manufacturerName: p.manufacturer?.name ?? '',
    manufacturerAddress: p.manufacturer?.address ?? '',
    manufacturerCountry: p.manufacturer?.country ?? '',
    registrationNumber: p.registrationNumber ?? '',
    prescriptionRequired: p.prescriptionRequired,
    specialControl: p.specialControl,
    dosageForm: p.dosageForm,
    packSpec: p.packSpec,
    baseUnit: p.baseUnit,
    ingredients: p.ingredients.map((g) => ({ key: newKey(), name: g.name, strength: g.strength ?? '' })),
    indications: p.indications,
    dosage: p.dosage ?? '',
    sideEffects: p.sideEffects ?? '',
    contraindications: p.contraindications ?? '',
    precautions: p.precautions ?? '',
    storage: p.storage ?? '',
    countryOfOrigin: p.countryOfOrigin,
    lowStockThreshold: String(p.lowStockThreshold),
    refillEligible: p.refillEligible,
    dailyUseBase: p.dailyUseBase === null ? '' : String(p.dailyUseBase),
    visible: p.visible,
    units: p.units.map((u) => ({
      key: newKey(),
      id: u.id,
      name: u.name,
      factor: String(u.factor),
      price: String(u.price),
      salePrice: u.salePrice == null ? '' : String(u.salePrice),
      saleStartsAt: msToLocal(u.saleStartsAt),
      saleEndsAt: msToLocal(u.saleEndsAt),
      weightGrams: String(u.weightGrams),
      barcode: u.barcode ?? '',
      isDefault: u.isDefault,
      retired: u.retiredAt != null,
    })),
  };
}

/** A typed number, or NaN (the api answers the field's own message for what is not a whole number). */
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s.replace(/[.\s]/g, '')));
const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

function toInput(f: FormState): ProductInput {
  const units: UnitInput[] = f.units.map((u) => ({
    ...(u.id ? { id: u.id } : {}),
    name: u.name.trim(),
    factor: num(u.factor),
    price: num(u.price),
    salePrice: u.salePrice.trim() === '' ? null : num(u.salePrice),
    saleStartsAt: localToMs(u.saleStartsAt),
    saleEndsAt: localToMs(u.saleEndsAt),
    weightGrams: num(u.weightGrams),
    barcode: orNull(u.barcode),
    isDefault: u.isDefault,
    ...(u.id ? { retired: u.retired } : {}),
  }));
  return {
    name: f.name.trim(),
    ...(f.slug.trim() ? { slug: f.slug.trim() } : {}),
    shortDescription: f.shortDescription,
    description: f.description,
    categoryId: f.categoryId,
    brandId: f.brandId,
    manufacturer: f.hasManufacturer ? { name: f.manufacturerName, address: orNull(f.manufacturerAddress), country: f.manufacturerCountry } : null,
    registrationNumber: orNull(f.registrationNumber),
    prescriptionRequired: f.prescriptionRequired,
    specialControl: f.specialControl,
    dosageForm: f.dosageForm,
    packSpec: f.packSpec,
    baseUnit: f.baseUnit,
    ingredients: f.ingredients.filter((g) => g.name.trim() || g.strength.trim()).map((g) => ({ name: g.name.trim(), strength: orNull(g.strength) })),
    indications: f.indications,
    dosage: orNull(f.dosage),
    sideEffects: orNull(f.sideEffects),
    contraindications: orNull(f.contraindications),
    precautions: orNull(f.precautions),
    storage: orNull(f.storage),
    countryOfOrigin: f.countryOfOrigin,
    lowStockThreshold: num(f.lowStockThreshold),
    refillEligible: f.refillEligible,
    dailyUseBase: f.dailyUseBase.trim() ? num(f.dailyUseBase) : null,
    visible: f.visible,
    units,
  };
}

/** Only the fields that differ from what was loaded: an edit of the price does not resend (and re-review) the dosage. */
function changedFields(before: ProductInput, after: ProductInput): ProductPatch {
  const patch: ProductPatch = {};
  const keys = Object.keys(after) as Array<keyof ProductInput>;
  for (const k of keys) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) Object.assign(patch, { [k]: after[k] });
  }
  return patch;
}

/**
 * Create or edit a product (admin; a pharmacist sees it read-only): every field the storefront shows and the law asks
 * for, ingredient rows, selling-unit rows (one default, retire instead of delete for saved units, sale window). The
 * api's field errors sit under their control; a medical change on an approved product goes to the pharmacist.
 */
export function ProductEditor({ product, categories, brands, readOnly = false }: { product: AdminProduct | null; categories: CategoryOption[]; brands: Array<{ id: string; name: string }>; readOnly?: boolean }) {
  const router = useRouter();
  const notify = useToast();
  const hydrated = useHydrated();
  const uid = useId();
  const [initial] = useState(() => (product ? fromProduct(product) : emptyForm()));
  const [f, setF] = useState<FormState>(initial);
  const [issues, setIssues] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fid = (path: string) => `${uid}-${path.replace(/\./g, '-')}`;
  const err = (path: string) => issues[path];

  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  /** A medical field's label carries ✚ (its change goes to the pharmacist). */
  const mark = (k: string, label: string): React.ReactNode =>
    isMedicalField(k) ? (
      <>
        {label} <span aria-hidden="true" className="text-amber-700">✚</span>
        <span className="sr-only"> (cần dược sĩ duyệt)</span>
      </>
    ) : (
      label
    );
  const text = (k: { [P in keyof FormState]: FormState[P] extends string ? P : never }[keyof FormState]) => ({
    id: fid(k),
    value: f[k],
    error: err(k),
    disabled: readOnly,
    onChange: (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => set(k, e.target.value),
  });
  const setUnit = (i: number, patch: Partial<UnitRow>) => setF((s) => ({ ...s, units: s.units.map((u, j) => (j === i ? { ...u, ...patch } : patch.isDefault ? { ...u, isDefault: false } : u)) }));
  const setIngredient = (i: number, patch: Partial<IngredientRow>) => setF((s) => ({ ...s, ingredients: s.ingredients.map((g, j) => (j === i ? { ...g, ...patch } : g)) }));

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (readOnly) return;
    setBusy(true);
    setIssues({});
    setFormError(null);
    const input = toInput(f);
    try {
      const res = product
        ? await browserApi().v1.admin.products[':id'].$patch({ param: { id: product.id }, json: changedFields(toInput(initial), input) })
        : await browserApi().v1.admin.products.$post({ json: input });
      if (!res.ok) {
        const fail = await apiError(res);
        setFormError(fail.message);
        setIssues(fail.issues);
        const first = Object.keys(fail.issues)[0];
        if (first) document.getElementById(fid(first))?.focus();
        return;
      }
      const saved = await res.json();
      if (!product) {
        notify('success', `Đã tạo sản phẩm "${saved.name}". Sản phẩm được ẩn cho đến khi dược sĩ duyệt.`);
        router.push(`/quan-tri/san-pham/${saved.id}`);
      } else {
        notify('success', saved.pendingRevision ? 'Đã lưu. Thay đổi thông tin dược đang chờ dược sĩ duyệt; cửa hàng vẫn hiển thị nội dung đã duyệt.' : 'Đã lưu thay đổi.');
        router.refresh();
      }
    } catch {
      setFormError(OFFLINE);
    } finally {
      setBusy(false);
    }
  };


  return (
    <form onSubmit={submit} noValidate aria-label={product ? `Sửa sản phẩm ${product.name}` : 'Thêm sản phẩm'} className="space-y-4" data-testid="product-editor">
      {/* Disabled until hydrated: text typed before React takes over the fields would be reset (or mangled) by hydration. */}
      <fieldset disabled={readOnly || !hydrated} className="contents">
        <Section title="Thông tin chung" id={fid('general')}>
          <div className="grid gap-3 md:grid-cols-2">
            <TextInput label="Tên sản phẩm" required {...text('name')} className="md:col-span-2" />
            <TextInput label="Slug (đường dẫn)" {...text('slug')} hint={product ? 'Đổi slug sẽ giữ chuyển hướng từ đường dẫn cũ.' : 'Để trống để tạo tự động từ tên.'} />
            <TextInput label="Quy cách đóng gói" required {...text('packSpec')} placeholder="Hộp 10 vỉ x 10 viên" />
            <TextArea label="Mô tả ngắn" required rows={2} {...text('shortDescription')} className="md:col-span-2" />
            <SelectInput label="Danh mục" required {...text('categoryId')} placeholder="— Chọn danh mục —" options={categories.map((c) => ({ value: c.id, label: c.label }))} />
            <SelectInput label="Thương hiệu" required {...text('brandId')} placeholder="— Chọn thương hiệu —" options={brands.map((b) => ({ value: b.id, label: b.name }))} />
            <TextInput label={mark('dosageForm', 'Dạng bào chế')} required {...text('dosageForm')} placeholder="Viên nén bao phim" />
            <TextInput label="Đơn vị cơ bản (đơn vị tính tồn kho)" required {...text('baseUnit')} placeholder="viên" />
            <TextInput label="Xuất xứ" required {...text('countryOfOrigin')} />
            <TextInput label="Ngưỡng cảnh báo sắp hết (theo đơn vị mặc định)" type="number" min={0} inputMode="numeric" {...text('lowStockThreshold')} />
            <TextInput label="Liều dùng thường ngày (đơn vị cơ bản/ngày, để nhắc mua lại)" type="number" min={1} inputMode="numeric" {...text('dailyUseBase')} />
            <TextInput
              label={mark('registrationNumber', 'Số đăng ký (SĐK)')}
              {...text('registrationNumber')}
              hint="Ví dụ: VD-12345-18, VN-12345-18, 893110123423"
            />
            <div className="space-y-2 self-end">
              <CheckboxInput id={fid('prescriptionRequired')} label={mark('prescriptionRequired', 'Thuốc kê đơn')} checked={f.prescriptionRequired} onChange={(e) => set('prescriptionRequired', e.target.checked)} error={err('prescriptionRequired')} />
              <CheckboxInput id={fid('specialControl')} label={mark('specialControl', 'Thuốc kiểm soát đặc biệt (không bán trực tuyến)')} checked={f.specialControl} onChange={(e) => set('specialControl', e.target.checked)} />
              <CheckboxInput id={fid('visible')} label="Hiển thị trên cửa hàng (sau khi được duyệt)" checked={f.visible} onChange={(e) => set('visible', e.target.checked)} />
              <CheckboxInput id={fid('refillEligible')} label="Dùng thường xuyên (cho phép nhắc mua lại)" checked={f.refillEligible} onChange={(e) => set('refillEligible', e.target.checked)} />
            </div>
          </div>
        </Section>

        <Section title="Nhà sản xuất" id={fid('manufacturer')}>
          <CheckboxInput id={fid('hasManufacturer')} label="Có thông tin nhà sản xuất" checked={f.hasManufacturer} onChange={(e) => set('hasManufacturer', e.target.checked)} className="mb-3" />
          {f.hasManufacturer && (
            <div className="grid gap-3 md:grid-cols-3">
              <TextInput label="Tên nhà sản xuất" required {...text('manufacturerName')} error={err('manufacturer.name')} />
              <TextInput label="Địa chỉ" {...text('manufacturerAddress')} error={err('manufacturer.address')} />
              <TextInput label="Quốc gia" required {...text('manufacturerCountry')} error={err('manufacturer.country')} />
            </div>
          )}
        </Section>

        <Section title={mark('ingredients', 'Thành phần')} id={fid('ingredients')} testId="ingredients">
          {err('ingredients') && <p className="mb-2 text-sm text-red-700">{err('ingredients')}</p>}
          <ul className="space-y-2">
            {f.ingredients.map((g, i) => (
              <li key={g.key} className="flex flex-wrap items-end gap-2">
                <TextInput id={fid(`ingredients.${i}.name`)} label={`Hoạt chất ${i + 1}`} value={g.name} error={err(`ingredients.${i}.name`)} onChange={(e) => setIngredient(i, { name: e.target.value })} className="min-w-[12rem] flex-1" />
                <TextInput id={fid(`ingredients.${i}.strength`)} label={`Hàm lượng hoạt chất ${i + 1}`} value={g.strength} error={err(`ingredients.${i}.strength`)} onChange={(e) => setIngredient(i, { strength: e.target.value })} placeholder="500mg" className="w-40" />
                <button type="button" className="btn-secondary" onClick={() => set('ingredients', f.ingredients.filter((_, j) => j !== i))}>
                  Xóa<span className="sr-only"> hoạt chất {i + 1}</span>
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="btn-secondary mt-2" onClick={() => set('ingredients', [...f.ingredients, { key: newKey(), name: '', strength: '' }])}>
            Thêm hoạt chất
          </button>
        </Section>

        <Section title="Nội dung hiển thị" id={fid('texts')}>
          <div className="grid gap-3">
            <TextArea label="Mô tả (Markdown)" required rows={8} {...text('description')} hint="Hỗ trợ Markdown: ## tiêu đề, **đậm**, danh sách. Hiển thị đã định dạng trên cửa hàng." />
            <TextArea label={mark('indications', 'Chỉ định (công dụng)')} required {...text('indications')} />
            <TextArea label={mark('dosage', 'Liều dùng, cách dùng')} {...text('dosage')} />
            <TextArea label={mark('contraindications', 'Chống chỉ định')} {...text('contraindications')} />
            <TextArea label={mark('sideEffects', 'Tác dụng phụ')} {...text('sideEffects')} />
            <TextArea label={mark('precautions', 'Thận trọng')} {...text('precautions')} />
            <TextArea label="Bảo quản" rows={2} {...text('storage')} />
          </div>
        </Section>

        <Section title="Đơn vị bán và giá" id={fid('units')} testId="units">
          {err('units') && (
            <p className="mb-2 text-sm text-red-700" id={fid('units')} tabIndex={-1}>
              {err('units')}
            </p>
          )}
          <div className="space-y-3">
            {f.units.map((u, i) => (
              <fieldset key={u.key} className={`rounded-lg border p-3 ${u.retired ? 'border-slate-200 bg-slate-50' : 'border-slate-300'}`} data-testid="unit-row">
                <legend className="px-1 text-sm font-semibold">
                  Đơn vị {i + 1}
                  {u.name ? `: ${u.name}` : ''}
                  {u.retired && ' (ngừng bán)'}
                </legend>
                <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
                  <TextInput id={fid(`units.${i}.name`)} label="Tên đơn vị" value={u.name} error={err(`units.${i}.name`)} onChange={(e) => setUnit(i, { name: e.target.value })} placeholder="Hộp" />
                  <TextInput id={fid(`units.${i}.factor`)} label={`Quy đổi (số ${f.baseUnit || 'đơn vị cơ bản'})`} type="number" min={1} inputMode="numeric" value={u.factor} error={err(`units.${i}.factor`)} onChange={(e) => setUnit(i, { factor: e.target.value })} />
                  <TextInput id={fid(`units.${i}.price`)} label="Giá bán (đ)" type="number" min={1} inputMode="numeric" value={u.price} error={err(`units.${i}.price`)} onChange={(e) => setUnit(i, { price: e.target.value })} />
                  <TextInput id={fid(`units.${i}.weightGrams`)} label="Khối lượng (gam)" type="number" min={1} inputMode="numeric" value={u.weightGrams} error={err(`units.${i}.weightGrams`)} onChange={(e) => setUnit(i, { weightGrams: e.target.value })} />
                  <TextInput id={fid(`units.${i}.barcode`)} label="Mã vạch" value={u.barcode} error={err(`units.${i}.barcode`)} onChange={(e) => setUnit(i, { barcode: e.target.value })} />
                  <TextInput id={fid(`units.${i}.salePrice`)} label="Giá khuyến mãi (đ)" type="number" min={1} inputMode="numeric" value={u.salePrice} error={err(`units.${i}.salePrice`)} onChange={(e) => setUnit(i, { salePrice: e.target.value })} />
                  <TextInput id={fid(`units.${i}.saleStartsAt`)} label="Khuyến mãi từ" type="datetime-local" value={u.saleStartsAt} error={err(`units.${i}.saleStartsAt`)} onChange={(e) => setUnit(i, { saleStartsAt: e.target.value })} />
                  <TextInput id={fid(`units.${i}.saleEndsAt`)} label="Khuyến mãi đến" type="datetime-local" value={u.saleEndsAt} error={err(`units.${i}.saleEndsAt`)} onChange={(e) => setUnit(i, { saleEndsAt: e.target.value })} />
                </div>
                <div className="mt-2 flex flex-wrap items-center gap-4">
                  <label className="inline-flex items-center gap-2 text-sm">
                    <input type="radio" name={`${uid}-default-unit`} checked={u.isDefault} disabled={u.retired} onChange={() => setUnit(i, { isDefault: true })} />
                    Đơn vị mặc định
                  </label>
                  {u.id ? (
                    <CheckboxInput
                      id={fid(`units.${i}.retired`)}
                      label="Ngừng bán đơn vị này"
                      checked={u.retired}
                      disabled={u.isDefault && !u.retired}
                      error={err(`units.${i}.retired`)}
                      hint={u.isDefault ? 'Chọn đơn vị mặc định khác trước khi ngừng bán.' : 'Đơn vị đã có trong đơn hàng được giữ lại, chỉ ngừng bán.'}
                      onChange={(e) => setUnit(i, { retired: e.target.checked })}
                    />
                  ) : (
                    f.units.length > 1 && (
                      <button type="button" className="btn-secondary" onClick={() => set('units', f.units.filter((_, j) => j !== i))}>
                        Bỏ đơn vị {i + 1}
                      </button>
                    )
                  )}
                </div>
              </fieldset>
            ))}
          </div>
          <button type="button" className="btn-secondary mt-3" onClick={() => set('units', [...f.units, blankUnit(false)])}>
            Thêm đơn vị bán
          </button>
        </Section>
      </fieldset>

      {!readOnly && (
        <div className="sticky bottom-0 z-10 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-white px-1 py-3 shadow-[0_-4px_8px_-6px_rgba(0,0,0,0.2)]">
          {formError && (
            <p role="alert" className="w-full rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
              {formError}
            </p>
          )}
          <button type="submit" className="btn-primary" disabled={!hydrated || busy}>
            {busy ? 'Đang lưu…' : product ? (product.lastDecision?.state === 'rejected' && !product.pendingRevision ? 'Lưu và gửi duyệt lại' : 'Lưu thay đổi') : 'Tạo sản phẩm và gửi duyệt'}
          </button>
          <p className="text-xs text-slate-600">Thay đổi các trường đánh dấu ✚ ({Object.values(MEDICAL_FIELD_LABELS).join(', ')}) cần dược sĩ duyệt; giá, tồn kho và ảnh áp dụng ngay.</p>
        </div>
      )}
    </form>
  );
}
