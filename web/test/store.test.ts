/**
 * The storefront's Redux store and sagas with the real store, the real sagas and the typed client; only the network
 * (global fetch) is replaced, to answer as the api Worker would (success, refusal).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cartActions, cartCount, type Cart } from '../src/store/cart';
import { makeStore } from '../src/store/store';
import { sessionActions, type SessionUser } from '../src/store/session';
import { uiActions } from '../src/store/ui';

const line = (quantity: number) => ({ id: 'L1', unitId: 'U1', productSlug: 'p', productName: 'Panadol Extra', unitName: 'Hộp', image: null, quantity, unitPrice: 50_000, listPrice: 50_000, lineTotal: 50_000 * quantity, available: 10, problem: null, quoteItemId: null, quoteExpiresAt: null });
const cart = (quantity: number): Cart => ({ lines: quantity ? [line(quantity)] : [], subtotal: 50_000 * quantity, itemCount: quantity, ok: true });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const settle = () => new Promise((r) => setTimeout(r, 20));

afterEach(() => vi.unstubAllGlobals());

describe('cart (optimistic, with rollback)', () => {
  it('moves the header count at once, then keeps the server cart and toasts success', async () => {
    let answer: (r: Response) => void = () => {};
    const fetchMock = vi.fn((_input: unknown, _init?: unknown) => new Promise<Response>((r) => (answer = r)));
    vi.stubGlobal('fetch', fetchMock);
    const store = makeStore();
    store.dispatch(cartActions.loaded(cart(0)));
    store.dispatch(cartActions.addRequested({ unitId: 'U1', quantity: 2, productName: 'Panadol Extra', unitName: 'Hộp' }));
    expect(cartCount(store.getState())).toBe(2); // before the API answered
    await settle();
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(String(url)).toMatch(/\/v1\/cart\/items$/);
    expect(JSON.parse(String(init.body))).toEqual({ unitId: 'U1', quantity: 2 });
    answer(json(200, cart(2)));
    await settle();
    expect(store.getState().cart.cart).toEqual(cart(2));
    expect(cartCount(store.getState())).toBe(2);
    expect(store.getState().ui.toasts.at(-1)).toMatchObject({ kind: 'success', message: 'Đã thêm 2 hộp Panadol Extra vào giỏ hàng.' });
  });

  it('rolls the count back and shows the API message when the API refuses', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(422, { error: { code: 'INSUFFICIENT_STOCK', message: 'Sản phẩm chỉ còn 1 hộp.' } })));
    const store = makeStore();
    store.dispatch(cartActions.loaded(cart(1)));
    store.dispatch(cartActions.addRequested({ unitId: 'U1', quantity: 3, productName: 'Panadol Extra', unitName: 'Hộp' }));
    expect(cartCount(store.getState())).toBe(4);
    await settle();
    expect(cartCount(store.getState())).toBe(1);
    expect(store.getState().ui.toasts.at(-1)).toMatchObject({ kind: 'error', message: 'Sản phẩm chỉ còn 1 hộp.' });
  });

  it("a network failure toasts Vietnamese, never the browser's English error text (#12 item 14)", async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    const store = makeStore();
    store.dispatch(cartActions.loaded(cart(1)));
    store.dispatch(cartActions.addRequested({ unitId: 'U1', quantity: 1, productName: 'Panadol Extra', unitName: 'Hộp' }));
    await settle();
    expect(cartCount(store.getState())).toBe(1);
    expect(store.getState().ui.toasts.at(-1)).toMatchObject({ kind: 'error', message: 'Không thêm được vào giỏ hàng. Vui lòng kiểm tra mạng và thử lại.' });
  });

  it('changes a quantity optimistically and restores the previous cart if the API fails', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'Dịch vụ tạm thời không khả dụng.' } })));
    const store = makeStore();
    store.dispatch(cartActions.loaded(cart(2)));
    store.dispatch(cartActions.quantityRequested({ lineId: 'L1', quantity: 5 }));
    expect(store.getState().cart.cart?.subtotal).toBe(250_000); // optimistic
    await settle();
    expect(store.getState().cart.cart).toEqual(cart(2)); // rolled back
    expect(store.getState().ui.toasts.at(-1)?.kind).toBe('error');
  });
});

describe('autocomplete', () => {
  it('asks once after the shopper pauses, and ignores answers to older text', async () => {
    const fetchMock = vi.fn(async (input: unknown) => {
      const q = new URL(String(input)).searchParams.get('q');
      return json(200, { query: q, products: [{ slug: 'panadol', name: `kết quả ${q}`, prescriptionRequired: false, purchaseMode: 'cart', image: null, price: 1 }], brands: [], categories: [], ingredients: [] });
    });
    vi.stubGlobal('fetch', fetchMock);
    const store = makeStore();
    for (const text of ['pa', 'pan', 'pana', 'panad']) store.dispatch(uiActions.suggestTyped(text));
    await new Promise((r) => setTimeout(r, 300));
    expect(fetchMock).toHaveBeenCalledTimes(1); // debounced: only the last text was sent
    expect(new URL(String(fetchMock.mock.calls[0]![0])).searchParams.get('q')).toBe('panad');
    expect(store.getState().ui.suggest.result?.products[0]?.name).toBe('kết quả panad');
    store.dispatch(uiActions.suggestLoaded({ query: 'pa', products: [], brands: [], categories: [], ingredients: [] })); // a late answer
    expect(store.getState().ui.suggest.result?.query).toBe('panad');
  });
});

describe('session', () => {
  it('a session check answered after the shopper signed in does not sign them out again', async () => {
    let answerMe: (r: Response) => void = () => {};
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: unknown) => {
        const path = String(input).replace(/^https?:\/\/[^/]+/, '').split('?')[0];
        if (path === '/v1/me') return new Promise<Response>((r) => (answerMe = r));
        if (path === '/v1/auth/refresh') return json(401, { error: { code: 'UNAUTHENTICATED', message: 'Bạn cần đăng nhập.' } });
        return json(200, cart(0));
      }),
    );
    const store = makeStore();
    store.dispatch(sessionActions.checkRequested()); // the page's first check, still anonymous
    await settle();
    const user = { id: 'U1', email: 'mai@example.vn', name: 'Trần Thị Mai' } as unknown as SessionUser;
    store.dispatch(sessionActions.signedIn(user)); // the sign-in form succeeded meanwhile
    answerMe(json(401, { error: { code: 'UNAUTHENTICATED', message: 'Bạn cần đăng nhập.' } })); // the old check answers late
    await settle();
    expect(store.getState().session).toEqual({ user, checked: true });
  });

  it('without a sign-in meanwhile, the check decides', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => json(401, { error: { code: 'UNAUTHENTICATED', message: 'Bạn cần đăng nhập.' } })));
    const store = makeStore();
    store.dispatch(sessionActions.checkRequested());
    await settle();
    expect(store.getState().session).toEqual({ user: null, checked: true });
  });
});
