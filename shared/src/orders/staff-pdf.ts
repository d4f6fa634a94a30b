/**
 * Staff fulfilment PDFs (#13, ADR 0020), drawn from the staff order detail with the shared layout (pdf/layout.ts):
 * - the pick list: what to take from the shelves, per batch (lot and expiry), FEFO order as allocated at checkout;
 * - the packing slip: goes into the parcel: recipient, lines with lot and expiry, what the carrier collects (COD).
 * Vietnamese, deterministic for the same facts and print time.
 */
import { MARGIN, MUTED, PdfCanvas, vietnamDateTime, vietnamDay, type PdfFonts } from '../pdf/layout';
import { formatVnd } from '../text';
import type { StaffOrder } from './staff-detail';

const CARRIERS: Record<string, string> = { ghn: 'Giao Hàng Nhanh (GHN)', ghtk: 'Giao Hàng Tiết Kiệm (GHTK)', internal: 'Medicare tự giao' };

/** Quantity of an allocation in the line's unit when it divides evenly, else in base units. */
function inUnits(baseQty: number, factor: number, unitName: string) {
  return baseQty % factor === 0 ? `${baseQty / factor} ${unitName}` : `${baseQty} đơn vị lẻ`;
}

/** Each line with the batches still allocated to it (a cancelled order's released ones are left out). */
function rows(o: StaffOrder) {
  return o.lines.flatMap((l, i) => {
    const live = l.allocations.filter((a) => a.state !== 'released');
    const name = `${l.productName}${l.prescriptionRequired ? ' (thuốc kê đơn)' : ''}`;
    if (!live.length) return [{ n: String(i + 1), name, unit: l.unitName, lot: '—', expiry: '—', qty: String(l.quantity) }];
    return live.map((a, ai) => ({ n: ai === 0 ? String(i + 1) : '', name: ai === 0 ? name : '', unit: l.unitName, lot: a.lot, expiry: vietnamDay(a.expiry), qty: inUnits(a.quantity, l.factor, l.unitName) }));
  });
}

async function header(o: StaffOrder, fonts: PdfFonts, title: string, printedAt: number) {
  const c = await PdfCanvas.create(fonts, { title: `${title} — đơn hàng ${o.code}`, subject: `${title} cho đơn hàng ${o.code}`, author: 'Medicare', createdAt: printedAt });
  c.text('Medicare', MARGIN, { font: c.bold, size: 13 });
  c.y -= 22;
  c.text(title.toUpperCase(), MARGIN, { font: c.bold, size: 18, align: 'center', width: c.contentWidth });
  c.y -= 16;
  c.text(`Đơn hàng ${o.code} · in lúc ${vietnamDateTime(printedAt)}`, MARGIN, { color: MUTED, align: 'center', width: c.contentWidth });
  c.y -= 22;
  c.rule();
  c.y -= 16;
  return c;
}

export async function renderPickList(o: StaffOrder, fonts: PdfFonts, printedAt: number): Promise<Uint8Array> {
  const c = await header(o, fonts, 'Phiếu lấy hàng', printedAt);
  c.labelled('Đặt lúc:', vietnamDateTime(o.createdAt));
  c.labelled('Trạng thái:', o.statusLabel);
  c.y -= 6;
  c.table(
    [
      { title: 'STT', width: 28, align: 'center' },
      { title: 'Sản phẩm', width: 205, align: 'left' },
      { title: 'ĐVT', width: 48, align: 'center' },
      { title: 'Số lô', width: 92, align: 'left' },
      { title: 'Hạn dùng', width: 70, align: 'center' },
      { title: 'Số lượng', width: 72.28, align: 'right' },
    ],
    rows(o).map((r) => [r.n, r.name, r.unit, r.lot, r.expiry, r.qty]),
  );
  c.y -= 8;
  c.text('Lấy đúng số lô và hạn dùng ghi trên phiếu. Người lấy hàng: ........................', MARGIN, { size: 9, color: MUTED });
  return c.save(`Phiếu lấy hàng ${o.code}`);
}

export async function renderPackingSlip(o: StaffOrder, fonts: PdfFonts, printedAt: number): Promise<Uint8Array> {
  const c = await header(o, fonts, 'Phiếu đóng gói', printedAt);
  const a = o.address;
  c.labelled('Người nhận:', a.recipientName);
  c.labelled('Điện thoại:', a.phone);
  c.labelled('Địa chỉ:', `${a.street}, ${a.ward.name}, ${a.province.name}`);
  const ship = o.shipments.filter((s) => s.status !== 'cancelled').at(-1);
  if (ship) c.labelled('Vận chuyển:', `${CARRIERS[ship.carrier] ?? ship.carrier} · mã vận đơn ${ship.trackingCode}`);
  const due = o.paymentMethod === 'cod' ? Math.max(0, o.money.total - o.money.held) : 0;
  c.labelled('Thu hộ (COD):', due > 0 ? formatVnd(due) : 'Không thu tiền (đã thanh toán)');
  if (o.customerNote) c.labelled('Ghi chú của khách:', o.customerNote);
  c.y -= 6;
  c.table(
    [
      { title: 'STT', width: 28, align: 'center' },
      { title: 'Sản phẩm', width: 215, align: 'left' },
      { title: 'ĐVT', width: 48, align: 'center' },
      { title: 'Số lô', width: 86, align: 'left' },
      { title: 'Hạn dùng', width: 74, align: 'center' },
      { title: 'SL', width: 64.28, align: 'right' },
    ],
    rows(o).map((r) => [r.n, r.name, r.unit, r.lot, r.expiry, r.qty]),
  );
  c.y -= 8;
  for (const l of c.wrap('Cảm ơn quý khách đã mua hàng tại Medicare. Vui lòng kiểm tra số lô, hạn dùng và tình trạng sản phẩm khi nhận hàng.', c.contentWidth, 9)) {
    c.text(l, MARGIN, { size: 9, color: MUTED });
    c.y -= 12;
  }
  return c.save(`Phiếu đóng gói ${o.code}`);
}
