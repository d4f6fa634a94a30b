import type { Metadata } from 'next';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { LocationForm } from '../../../../components/console/pharmacies';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';

export const metadata: Metadata = { title: 'Nhà thuốc' };

/**
 * Pharmacy locations (admin): where prescription medicines are picked up, with their hours (the chat's on-duty rule
 * reads them), phone and licence data (the pharmacy's GCN đủ điều kiện kinh doanh dược, GPP certificate, responsible
 * pharmacist) shown to shoppers. Locations are deactivated, never deleted (reservations point at them).
 */
export default async function PharmaciesPage() {
  const g = await gate('pharmacies');
  if (!g.ok) return g.view;
  const res = await g.api.v1.admin['pharmacy-locations'].$get();
  return (
    <div className="space-y-4">
      <ScreenHeader screen="pharmacies" title="Nhà thuốc" />
      {!res.ok ? (
        <LoadFailed res={res} />
      ) : (
        <>
          <ul className="space-y-3" data-testid="locations">
            {(await res.json()).items.map((l) => (
              <li key={l.id} className="rounded-xl border border-slate-200 bg-white p-4">
                <div className="flex flex-wrap items-start justify-between gap-2">
                  <div>
                    <h2 className="font-semibold">
                      {l.name} {!l.active && <span className="ml-1 rounded bg-slate-200 px-2 text-xs">Ngừng hoạt động</span>}
                    </h2>
                    <p className="text-sm text-slate-700">
                      {l.address} · {l.phone}
                    </p>
                    <p className="text-sm text-slate-700">{l.hoursText}</p>
                    <p className="text-xs text-slate-600">
                      GCN ĐĐKKD dược: {l.licenceNumber} · GPP: {l.gppCertificate} · Dược sĩ phụ trách: {l.responsiblePharmacist}
                    </p>
                  </div>
                </div>
                <details className="mt-2">
                  <summary className="cursor-pointer text-sm text-emerald-800">Sửa</summary>
                  <LocationForm location={l} />
                </details>
              </li>
            ))}
          </ul>
          <details className="rounded-xl border border-slate-200 bg-white p-4">
            <summary className="cursor-pointer font-semibold">Thêm nhà thuốc</summary>
            <LocationForm />
          </details>
        </>
      )}
    </div>
  );
}
