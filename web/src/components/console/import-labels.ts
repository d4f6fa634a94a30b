import type { InferResponseType } from 'hono/client';
import type { Api } from '../../lib/api';

/**
 * Vietnamese names of import kinds and states. A plain module (not 'use client'): the server page reads them too, and a
 * client module's non-component exports are only references on the server.
 */
type ImportSummary = InferResponseType<Api['v1']['admin']['imports']['$get'], 200>['items'][number];

export const IMPORT_KIND_LABELS: Record<ImportSummary['kind'], string> = { products: 'Sản phẩm', batches: 'Lô hàng' };
export const IMPORT_STATUS_LABELS: Record<ImportSummary['status'], string> = {
  queued: 'Đang chờ xử lý',
  validating: 'Đang kiểm tra',
  validated: 'Đã kiểm tra (chưa ghi)',
  committing: 'Đang ghi dữ liệu',
  done: 'Hoàn tất',
  failed: 'Thất bại',
  cancelled: 'Đã hủy',
};
