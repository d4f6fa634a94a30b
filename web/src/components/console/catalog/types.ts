/**
 * The catalogue screens' types, every one derived from the api's routes (hono/client over `AppType`): the admin
 * product (GET /v1/admin/products/{id}), its input (POST/PATCH), the admin list, the bulk result, the approval queue.
 */
import type { InferRequestType, InferResponseType } from 'hono/client';
import type { Api } from '../../../lib/api';

type Products = Api['v1']['admin']['products'];
type Approvals = Api['v1']['admin']['approvals'];

export type AdminProduct = InferResponseType<Products[':id']['$get'], 200>;
export type ProductInput = InferRequestType<Products['$post']>['json'];
export type ProductPatch = InferRequestType<Products[':id']['$patch']>['json'];
export type UnitInput = ProductInput['units'][number];
export type IngredientInput = ProductInput['ingredients'][number];

export type ListQuery = InferRequestType<Products['$get']>['query'];
export type ListBody = InferResponseType<Products['$get'], 200>;
export type ListRow = ListBody['items'][number];
export type BulkBody = InferRequestType<Products['bulk']['$post']>['json'];
export type BulkResult = InferResponseType<Products['bulk']['$post'], 200>['results'][number];

export type ApprovalQuery = InferRequestType<Approvals['$get']>['query'];
export type ApprovalRow = InferResponseType<Approvals['$get'], 200>['items'][number];
export type ApprovalDetail = InferResponseType<Approvals[':revisionId']['$get'], 200>;

/** Brands for the pickers (the public catalogue's route: every brand). */
export type BrandRow = InferResponseType<Api['v1']['brands']['$get'], 200>['items'][number];

/** One option per category, indented by level ("— — Thuốc giảm đau"), in tree order. */
export interface CategoryOption {
  id: string;
  label: string;
  level: number;
}
/** A node of the public category tree (GET /v1/categories): its JSON type is recursive, so children are checked here. */
interface TreeNode {
  id: string;
  name: string;
  level: number;
  children: unknown;
}
const isTreeNode = (v: unknown): v is TreeNode => typeof v === 'object' && v !== null && 'id' in v && 'name' in v && 'level' in v && 'children' in v;

export function flattenCategories(nodes: unknown, out: CategoryOption[] = []): CategoryOption[] {
  if (!Array.isArray(nodes)) return out;
  for (const n of nodes) {
    if (!isTreeNode(n) || typeof n.id !== 'string' || typeof n.name !== 'string' || typeof n.level !== 'number') continue;
    out.push({ id: n.id, label: `${'— '.repeat(Math.max(0, n.level - 1))}${n.name}`, level: n.level });
    flattenCategories(n.children, out);
  }
  return out;
}
