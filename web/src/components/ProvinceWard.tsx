'use client';
import { useEffect, useState } from 'react';
import type { InferResponseType } from 'hono/client';
import { browserApi, type Api } from '../lib/api';

/** What the pickers show of a province or ward (`GET /v1/locations/provinces`, `.../{code}/wards`). */
type Place = Pick<InferResponseType<Api['v1']['locations']['provinces']['$get'], 200>['items'][number], 'code' | 'name'>;

/** Province → ward pickers on the 2025 administrative map (34 provinces, wards directly under them). */
export function ProvinceWard({ provinceCode, wardCode, onChange }: { provinceCode: string; wardCode: string; onChange: (v: { provinceCode: string; wardCode: string }) => void }) {
  const [provinces, setProvinces] = useState<Place[]>([]);
  const [wards, setWards] = useState<Place[]>([]);
  useEffect(() => {
    void browserApi()
      .v1.locations.provinces.$get()
      .then(async (r) => r.ok && setProvinces((await r.json()).items));
  }, []);
  useEffect(() => {
    if (!provinceCode) return setWards([]);
    void browserApi()
      .v1.locations.provinces[':code'].wards.$get({ param: { code: provinceCode }, query: { limit: '500' } })
      .then(async (r) => r.ok && setWards((await r.json()).items));
  }, [provinceCode]);
  const select = 'w-full rounded-lg border border-slate-300 bg-white px-3 py-2';
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <div className="space-y-1">
        <label htmlFor="provinceCode" className="block text-sm font-medium text-slate-700">
          Tỉnh/Thành phố
        </label>
        <select id="provinceCode" name="provinceCode" className={select} value={provinceCode} onChange={(e) => onChange({ provinceCode: e.target.value, wardCode: '' })} required>
          <option value="">Chọn tỉnh/thành phố</option>
          {provinces.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name}
            </option>
          ))}
        </select>
      </div>
      <div className="space-y-1">
        <label htmlFor="wardCode" className="block text-sm font-medium text-slate-700">
          Phường/Xã
        </label>
        <select id="wardCode" name="wardCode" className={select} value={wardCode} onChange={(e) => onChange({ provinceCode, wardCode: e.target.value })} disabled={!wards.length} required>
          <option value="">Chọn phường/xã</option>
          {wards.map((w) => (
            <option key={w.code} value={w.code}>
              {w.name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
