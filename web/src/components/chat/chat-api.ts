/**
 * The chat's HTTP calls from the browser: the typed client (same origin, through the /v1 gateway, cookies included,
 * sessions renewed), so every shape is the api's own; failures throw the api's error (`apiError` via `readOk`).
 */
import { browserApi, readOk } from '../../lib/api';

export const chatApi = {
  status: async () => readOk(await browserApi().v1.chat.status.$get()),
  /** The caller's open conversation (session or guest chat cookie), or null. */
  current: async () => {
    const res = await browserApi().v1.chat.conversations.current.$get();
    const status: number = res.status;
    if (status === 404 || status === 401) return null;
    return readOk(res);
  },
  /** Opens a conversation: signed in (no details needed) or as a guest with name + phone. */
  start: async (guest: { name: string; phone: string } | null) => readOk(await browserApi().v1.chat.conversations.$post({ json: guest ?? {} })),
  close: async (id: string) => readOk(await browserApi().v1.chat.conversations[':id'].close.$post({ param: { id } })),
  transcript: async (id: string, email: string | null) => readOk(await browserApi().v1.chat.conversations[':id'].transcript.$post({ param: { id }, json: email ? { email } : {} })),
};
