import { all, call, delay, put, race, take, takeEvery, takeLatest } from 'redux-saga/effects';
import type { PayloadAction } from '@reduxjs/toolkit';
import { apiError, browserApi, failureMessage, readOk } from '../lib/api';
import { cartActions, type Cart } from './cart';
import { sessionActions, type SessionUser } from './session';
import { uiActions, type Suggestions } from './ui';

function* loadCart() {
  try {
    const cart: Cart = yield call(async () => readOk(await browserApi().v1.cart.$get()));
    yield put(cartActions.loaded(cart));
  } catch {
    yield put(cartActions.loadFailed());
  }
}

function* addToCart(a: PayloadAction<{ unitId: string; quantity: number; productName: string; unitName: string }>) {
  const { unitId, quantity, productName, unitName } = a.payload;
  try {
    const cart: Cart = yield call(async () => readOk(await browserApi().v1.cart.items.$post({ json: { unitId, quantity } })));
    yield put(cartActions.addSucceeded({ cart, quantity }));
    yield put(uiActions.toast('success', `Đã thêm ${quantity} ${unitName.toLowerCase()} ${productName} vào giỏ hàng.`));
  } catch (e) {
    yield put(cartActions.addFailed({ quantity })); // roll the optimistic badge back
    yield put(uiActions.toast('error', failureMessage(e, 'Không thêm được vào giỏ hàng. Vui lòng kiểm tra mạng và thử lại.')));
  }
}

function* changeQuantity(a: PayloadAction<{ lineId: string; quantity: number }>) {
  try {
    const api = browserApi();
    const { lineId, quantity } = a.payload;
    const cart: Cart = yield call(async () =>
      readOk(quantity <= 0 ? await api.v1.cart.items[':id'].$delete({ param: { id: lineId } }) : await api.v1.cart.items[':id'].$patch({ param: { id: lineId }, json: { quantity } })),
    );
    yield put(cartActions.loaded(cart));
  } catch (e) {
    yield put(cartActions.rolledBack());
    yield put(uiActions.toast('error', failureMessage(e, 'Không cập nhật được giỏ hàng. Vui lòng kiểm tra mạng và thử lại.')));
  }
}

function* suggest(a: PayloadAction<string>) {
  const q = a.payload.trim();
  if (q.length < 2) return;
  yield delay(180); // debounce: takeLatest cancels this while the shopper keeps typing
  try {
    const result: Suggestions = yield call(async () => {
      const res = await browserApi().v1.search.suggest.$get({ query: { q, limit: '6' } });
      if (!res.ok) throw await apiError(res);
      return res.json();
    });
    yield put(uiActions.suggestLoaded({ ...result, query: q }));
  } catch {
    yield put(uiActions.suggestFailed());
  }
}

function* checkSession() {
  // A sign-in or sign-out while GET /v1/me is in flight is newer than its answer: the answer is dropped (a slow check
  // started on the sign-in page would otherwise sign the shopper out again right after they signed in).
  const r: { user?: SessionUser | null; changed?: unknown } = yield race({
    user: call(async () => {
      const res = await browserApi().v1.me.$get();
      return res.ok ? await res.json() : null;
    }),
    changed: take([sessionActions.signedIn.type, sessionActions.signedOut.type]),
  });
  if (r.changed) return;
  yield put(r.user ? sessionActions.signedIn(r.user) : sessionActions.signedOut());
}

/** After sign-in the guest cart is merged server-side on the next cart read. */
function* afterSignIn() {
  yield put(cartActions.loadRequested());
}

function* logout() {
  yield call(() => browserApi().v1.auth.logout.$post({ json: {}, header: {} }));
  yield put(sessionActions.signedOut());
  yield put(cartActions.loadRequested());
  yield put(uiActions.toast('info', 'Bạn đã đăng xuất.'));
}

function* dismissLater(a: PayloadAction<{ id: number }>) {
  yield delay(4000);
  yield put(uiActions.dismiss(a.payload.id));
}

export function* rootSaga() {
  yield all([
    takeLatest(cartActions.loadRequested.type, loadCart),
    takeEvery(cartActions.addRequested.type, addToCart),
    takeEvery(cartActions.quantityRequested.type, changeQuantity),
    takeLatest(uiActions.suggestTyped.type, suggest),
    takeEvery(uiActions.toast.type, dismissLater),
    takeLatest(sessionActions.checkRequested.type, checkSession),
    takeLatest(sessionActions.signedIn.type, afterSignIn),
    takeLatest(sessionActions.logoutRequested.type, logout),
  ]);
}
