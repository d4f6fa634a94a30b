'use client';
/**
 * The React side of one chat conversation, shared by the shopper's widget and the pharmacist's desk: it owns a
 * `ChatConnection` for as long as the component shows that conversation and re-renders on each of its snapshots.
 *
 * A focused hook rather than a Redux slice + saga: the widget is loaded on click and must add nothing to the
 * storefront's first load, while a slice would have to be registered in the store every storefront page creates
 * (`store/store.ts`); and the console, which has no Redux store (ADR 0023), needs the same socket lifecycle.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ChatConnection, type ChatSnapshot } from './connection';
import type { ChatMessage, ChatPartyRole } from './frames';

/** The socket URL for a conversation's same-origin `wsPath` (the storefront passes it to the api: worker.ts). */
export function chatSocketUrl(wsPath: string): string {
  return `${window.location.protocol === 'https:' ? 'wss:' : 'ws:'}//${window.location.host}${wsPath}`;
}

export interface UseChat {
  snapshot: ChatSnapshot | null;
  send(body: string): boolean;
  typing(): void;
  markRead(): void;
}

/** Connects while `conversation` is set (`seed`: messages already loaded over HTTP), disconnects when it changes. */
export function useChat(conversation: { id: string; wsPath: string } | null, me: ChatPartyRole, seed?: ChatMessage[]): UseChat {
  const [snapshot, setSnapshot] = useState<ChatSnapshot | null>(null);
  const conn = useRef<ChatConnection | null>(null);
  const id = conversation?.id ?? null;
  const wsPath = conversation?.wsPath ?? null;
  const seedRef = useRef(seed);
  seedRef.current = seed;

  useEffect(() => {
    if (!id || !wsPath) {
      setSnapshot(null);
      return;
    }
    const c = new ChatConnection({ url: chatSocketUrl(wsPath), me, onChange: setSnapshot });
    conn.current = c;
    if (seedRef.current?.length) c.seed(seedRef.current);
    c.start();
    const back = () => {
      if (document.visibilityState === 'visible') c.online();
    };
    window.addEventListener('online', back);
    document.addEventListener('visibilitychange', back);
    return () => {
      window.removeEventListener('online', back);
      document.removeEventListener('visibilitychange', back);
      c.stop();
      if (conn.current === c) conn.current = null;
    };
  }, [id, wsPath, me]);

  const send = useCallback((body: string) => conn.current?.send(body) != null, []);
  const typing = useCallback(() => conn.current?.typing(), []);
  const markRead = useCallback(() => conn.current?.markRead(), []);
  return { snapshot, send, typing, markRead };
}
