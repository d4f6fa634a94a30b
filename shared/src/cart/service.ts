/**
 * Carts: a guest cart (opaque token in an HttpOnly cookie, stored hashed) or the signed-in user's cart. Lines are
 * (selling unit, quantity); prices are never stored and are recomputed on every read. When a signed-in user still
 * holds a guest cart, it is merged into theirs (quantities added, capped by what is available).
 */
import { vietnamDate } from '../catalog/availability';
import { sha256, randomToken } from '../auth/crypto';
import { D1CheckoutRepository } from '../checkout/repo.d1';
import { presentLine } from '../checkout/service';
import { LINE_MESSAGES, MAX_LINE_QUANTITY, MAX_ORDER_LINES, priceLines } from '../checkout/pricing';
import { NotFoundError, UnprocessableError } from '../errors';
import { newId } from '../ids';

export const GUEST_CART_DAYS = 30;

export interface CartOwner {
  userId: string | null;
  guestToken: string | null;
}

const quoteIdsOf = (items: ReadonlyArray<{ quoteItemId: string | null }>) => items.flatMap((i) => (i.quoteItemId ? [i.quoteItemId] : []));

export class CartService {
  private readonly checkout: D1CheckoutRepository;
  constructor(
    private readonly d1: D1Database,
    private readonly now: number,
  ) {
    this.checkout = new D1CheckoutRepository(d1);
  }

  private async cartId(owner: CartOwner): Promise<string | null> {
    if (owner.userId) {
      const r = await this.d1.prepare('SELECT id FROM carts WHERE user_id = ?').bind(owner.userId).first<{ id: string }>();
      return r?.id ?? null;
    }
    if (owner.guestToken) {
      const r = await this.d1.prepare('SELECT id FROM carts WHERE guest_token_hash = ? AND (expires_at IS NULL OR expires_at > ?)').bind(await sha256(owner.guestToken), this.now).first<{ id: string }>();
      return r?.id ?? null;
    }
    return null;
  }

  /** The caller's cart id, creating it (and, for guests, a new token) when needed. */
  private async ensureCart(owner: CartOwner): Promise<{ cartId: string; newGuestToken: string | null }> {
    const existing = await this.cartId(owner);
    if (existing) return { cartId: existing, newGuestToken: null };
    const id = newId();
    if (owner.userId) {
      await this.d1.prepare('INSERT INTO carts (id, user_id, created_at, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING').bind(id, owner.userId, this.now, this.now).run();
      return { cartId: (await this.cartId(owner))!, newGuestToken: null };
    }
    const token = randomToken(32);
    await this.d1
      .prepare('INSERT INTO carts (id, guest_token_hash, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
      .bind(id, await sha256(token), this.now + GUEST_CART_DAYS * 86_400_000, this.now, this.now)
      .run();
    return { cartId: id, newGuestToken: token };
  }

  private async items(cartId: string) {
    return (
      await this.d1
        .prepare('SELECT id, unit_id AS unitId, quantity, quote_item_id AS quoteItemId FROM cart_items WHERE cart_id = ? ORDER BY created_at, id')
        .bind(cartId)
        .all<{ id: string; unitId: string; quantity: number; quoteItemId: string | null }>()
    ).results;
  }

  /** #15: the quote items in the caller's cart: the ones checkout may price at their quoted price for this caller. */
  async quoteItemIds(owner: CartOwner): Promise<Set<string>> {
    const cartId = await this.cartId(owner);
    if (!cartId) return new Set();
    const r = await this.d1.prepare('SELECT quote_item_id AS id FROM cart_items WHERE cart_id = ? AND quote_item_id IS NOT NULL').bind(cartId).all<{ id: string }>();
    return new Set(r.results.map((x) => x.id));
  }

  async view(owner: CartOwner) {
    const cartId = await this.cartId(owner);
    const items = cartId ? await this.items(cartId) : [];
    if (!items.length) return { lines: [], subtotal: 0, itemCount: 0, ok: true };
    const { units, batches, pricing } = await this.checkout.load(items.map((i) => i.unitId), [], null, quoteIdsOf(items));
    const priced = priceLines(items, units, batches, this.now, vietnamDate(this.now), pricing);
    const lines = items.map((it, i) => ({ id: it.id, ...presentLine(priced[i]!) }));
    return { lines, subtotal: lines.reduce((s, l) => s + l.lineTotal, 0), itemCount: lines.reduce((s, l) => s + l.quantity, 0), ok: lines.every((l) => !l.problem) };
  }

  /**
   * Checks one unit at a quantity (a line from quote item `quoteItemId`, #15, is checked as such: the prescription rule
   * and the quoted quantity); throws the 4xx a shopper should see. Returns the whole units available.
   */
  private async checkUnit(unitId: string, quantity: number, otherDemandBase = 0, quoteItemId: string | null = null) {
    const { units, batches, pricing } = await this.checkout.load([unitId], [], null, quoteItemId ? [quoteItemId] : []);
    const u = units.get(unitId);
    if (!u) throw new NotFoundError('Không tìm thấy sản phẩm.', 'UNIT_NOT_FOUND');
    const [p] = priceLines([{ unitId, quantity, quoteItemId }], units, batches, this.now, vietnamDate(this.now), pricing);
    const availableForThis = Math.max(0, Math.floor((p!.available * u.factor - otherDemandBase) / u.factor));
    if (p!.problem === 'INSUFFICIENT_STOCK' || (!p!.problem && quantity > availableForThis)) {
      throw new UnprocessableError(`Chỉ còn ${availableForThis} ${u.unitName.toLowerCase()} trong kho.`, 'INSUFFICIENT_STOCK', { available: availableForThis });
    }
    if (p!.problem === 'QUOTE_QUANTITY_EXCEEDED') throw new UnprocessableError(LINE_MESSAGES[p!.problem], p!.problem, { max: p!.quote!.quantity });
    if (p!.problem) throw new UnprocessableError(LINE_MESSAGES[p!.problem], p!.problem, p!.problem === 'QUANTITY_TOO_LARGE' ? { max: MAX_LINE_QUANTITY } : undefined);
    return { unit: u, available: availableForThis };
  }

  /** Base units other lines of the same product already take (a box and a strip share stock). */
  private async otherDemand(cartId: string, productId: string, exceptItemId?: string) {
    const r = await this.d1
      .prepare(
        `SELECT COALESCE(SUM(ci.quantity * u.factor), 0) AS base FROM cart_items ci JOIN product_units u ON u.id = ci.unit_id
         WHERE ci.cart_id = ? AND u.product_id = ? AND ci.id <> ?`,
      )
      .bind(cartId, productId, exceptItemId ?? '')
      .first<{ base: number }>();
    return r?.base ?? 0;
  }

  async add(owner: CartOwner, unitId: string, quantity: number) {
    const { cartId, newGuestToken } = await this.ensureCart(owner);
    const existing = await this.d1
      .prepare('SELECT id, quantity, quote_item_id AS quoteItemId FROM cart_items WHERE cart_id = ? AND unit_id = ?')
      .bind(cartId, unitId)
      .first<{ id: string; quantity: number; quoteItemId: string | null }>();
    const target = (existing?.quantity ?? 0) + quantity;
    const productId = (await this.checkout.load([unitId], [], null)).units.get(unitId)?.productId;
    await this.checkUnit(unitId, target, productId ? await this.otherDemand(cartId, productId, existing?.id) : 0, existing?.quoteItemId ?? null);
    if (!existing) {
      const count = await this.d1.prepare('SELECT COUNT(*) AS n FROM cart_items WHERE cart_id = ?').bind(cartId).first<{ n: number }>();
      if ((count?.n ?? 0) >= MAX_ORDER_LINES) throw new UnprocessableError(`Giỏ hàng tối đa ${MAX_ORDER_LINES} sản phẩm.`, 'CART_FULL');
    }
    await this.d1.batch([
      this.d1
        .prepare(
          `INSERT INTO cart_items (id, cart_id, product_id, unit_id, quantity, created_at, updated_at)
           SELECT ?, ?, product_id, id, ?, ?, ? FROM product_units WHERE id = ?
           ON CONFLICT (cart_id, unit_id) DO UPDATE SET quantity = excluded.quantity, updated_at = excluded.updated_at`,
        )
        .bind(existing?.id ?? newId(), cartId, target, this.now, this.now, unitId),
      this.touch(cartId),
    ]);
    return { cart: await this.view(owner.userId ? owner : { userId: null, guestToken: newGuestToken ?? owner.guestToken }), newGuestToken };
  }

  /**
   * #15: puts a consultation's quote into the cart, one line per quote item at its quoted quantity (a line of the same
   * unit already there takes the quote item and its quantity). The caller has checked who may read the consultation and
   * that the quote is still valid. Every line is checked through THE pricing rule first (`checkUnit`: a prescription
   * item only while the epidemic exception is on); the first refusal answers for the whole quote and nothing is added.
   */
  async addQuote(owner: CartOwner, items: ReadonlyArray<{ id: string; unitId: string; productId: string; quantity: number }>) {
    const { cartId, newGuestToken } = await this.ensureCart(owner);
    const current = await this.items(cartId);
    for (const it of items) {
      const other = await this.otherDemand(cartId, it.productId, current.find((c) => c.unitId === it.unitId)?.id);
      const sameProductInQuote = items.filter((x) => x !== it && x.productId === it.productId);
      await this.checkUnit(it.unitId, it.quantity, other + (sameProductInQuote.length ? await this.baseOf(sameProductInQuote) : 0), it.id);
    }
    const newLines = items.filter((it) => !current.some((c) => c.unitId === it.unitId)).length;
    if (current.length + newLines > MAX_ORDER_LINES) throw new UnprocessableError(`Giỏ hàng tối đa ${MAX_ORDER_LINES} sản phẩm.`, 'CART_FULL');
    await this.d1.batch([
      ...items.map((it) =>
        this.d1
          .prepare(
            `INSERT INTO cart_items (id, cart_id, product_id, unit_id, quantity, quote_item_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (cart_id, unit_id) DO UPDATE SET quantity = excluded.quantity, quote_item_id = excluded.quote_item_id, updated_at = excluded.updated_at`,
          )
          .bind(newId(), cartId, it.productId, it.unitId, it.quantity, it.id, this.now, this.now),
      ),
      this.touch(cartId),
    ]);
    return { cart: await this.view(owner.userId ? owner : { userId: null, guestToken: newGuestToken ?? owner.guestToken }), newGuestToken };
  }

  /** Base units of these quote lines (other lines of the same product in the same quote share its stock). */
  private async baseOf(items: ReadonlyArray<{ unitId: string; quantity: number }>) {
    const { units } = await this.checkout.load(items.map((i) => i.unitId), [], null);
    return items.reduce((s, i) => s + i.quantity * (units.get(i.unitId)?.factor ?? 0), 0);
  }

  private touch(cartId: string) {
    return this.d1.prepare('UPDATE carts SET updated_at = ?, expires_at = CASE WHEN user_id IS NULL THEN ? ELSE NULL END WHERE id = ?').bind(this.now, this.now + GUEST_CART_DAYS * 86_400_000, cartId);
  }

  private async ownItem(owner: CartOwner, itemId: string) {
    const cartId = await this.cartId(owner);
    const item = cartId
      ? await this.d1
          .prepare('SELECT ci.id, ci.unit_id AS unitId, u.product_id AS productId, ci.quote_item_id AS quoteItemId FROM cart_items ci JOIN product_units u ON u.id = ci.unit_id WHERE ci.id = ? AND ci.cart_id = ?')
          .bind(itemId, cartId)
          .first<{ id: string; unitId: string; productId: string; quoteItemId: string | null }>()
      : null;
    if (!cartId || !item) throw new NotFoundError('Không tìm thấy sản phẩm trong giỏ hàng.', 'CART_ITEM_NOT_FOUND');
    return { cartId, item };
  }

  async setQuantity(owner: CartOwner, itemId: string, quantity: number) {
    const { cartId, item } = await this.ownItem(owner, itemId);
    await this.checkUnit(item.unitId, quantity, await this.otherDemand(cartId, item.productId, itemId), item.quoteItemId);
    await this.d1.batch([this.d1.prepare('UPDATE cart_items SET quantity = ?, updated_at = ? WHERE id = ?').bind(quantity, this.now, itemId), this.touch(cartId)]);
    return this.view(owner);
  }

  async remove(owner: CartOwner, itemId: string) {
    const { cartId } = await this.ownItem(owner, itemId);
    await this.d1.batch([this.d1.prepare('DELETE FROM cart_items WHERE id = ?').bind(itemId), this.touch(cartId)]);
    return this.view(owner);
  }

  /** Moves a guest cart into the user's: quantities add up, capped by availability and the line limit. */
  async mergeGuestInto(userId: string, guestToken: string) {
    const guestId = await this.cartId({ userId: null, guestToken });
    if (!guestId) return false;
    const guestItems = await this.items(guestId);
    const { cartId } = await this.ensureCart({ userId, guestToken: null });
    const mine = await this.items(cartId);
    const wanted = new Map<string, number>(mine.map((i) => [i.unitId, i.quantity]));
    for (const g of guestItems) wanted.set(g.unitId, (wanted.get(g.unitId) ?? 0) + g.quantity);
    // #15: a line's quote item follows it (the user's own first).
    const quoteOf = new Map<string, string>();
    for (const i of [...guestItems, ...mine]) if (i.quoteItemId) quoteOf.set(i.unitId, i.quoteItemId);
    const { units, batches } = await this.checkout.load([...wanted.keys()], [], null);
    const today = vietnamDate(this.now);
    const statements: D1PreparedStatement[] = [];
    for (const [unitId, qty] of wanted) {
      const u = units.get(unitId);
      if (!u) continue;
      const [p] = priceLines([{ unitId, quantity: 1 }], units, batches, this.now, today);
      const capped = Math.min(qty, MAX_LINE_QUANTITY, Math.max(p!.available, mine.some((m) => m.unitId === unitId) ? 1 : 0));
      if (capped < 1) continue;
      statements.push(
        this.d1
          .prepare(
            `INSERT INTO cart_items (id, cart_id, product_id, unit_id, quantity, quote_item_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (cart_id, unit_id) DO UPDATE SET quantity = excluded.quantity, quote_item_id = excluded.quote_item_id, updated_at = excluded.updated_at`,
          )
          .bind(newId(), cartId, u.productId, unitId, capped, quoteOf.get(unitId) ?? null, this.now, this.now),
      );
    }
    statements.push(this.d1.prepare('DELETE FROM carts WHERE id = ?').bind(guestId), this.touch(cartId));
    await this.d1.batch(statements);
    return true;
  }
}
