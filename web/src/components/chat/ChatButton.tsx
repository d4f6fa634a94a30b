'use client';
/**
 * The chat button on every storefront page. Deliberately tiny: the widget (ChatWidget, its socket code and forms) is
 * fetched with a dynamic import on the first click, so no page's first-load JS grows (test/first-load-js.test.ts,
 * `npm run build` reports it). Once loaded the widget stays mounted while hidden, so the conversation's socket
 * survives minimising and client-side navigation (the storefront layout keeps it).
 */
import { useState, type ComponentType } from 'react';

type Widget = ComponentType<{ open: boolean; onHide: () => void }>;

export function ChatButton() {
  const [Widget, setWidget] = useState<Widget | null>(null);
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const toggle = async () => {
    if (!Widget) {
      try {
        const m = await import('./ChatWidget');
        setWidget(() => m.ChatWidget);
        setFailed(false);
      } catch {
        setFailed(true);
        return;
      }
    }
    setOpen((o) => !o);
  };
  return (
    <>
      {Widget && <Widget open={open} onHide={() => setOpen(false)} />}
      <button
        type="button"
        onClick={() => void toggle()}
        aria-expanded={open}
        aria-controls={Widget ? 'chat-panel' : undefined}
        className="fixed bottom-4 right-4 z-40 rounded-full bg-emerald-700 px-4 py-3 text-sm font-semibold text-white shadow-lg hover:bg-emerald-800"
        data-testid="chat-button"
      >
        {failed ? 'Thử mở lại trò chuyện' : open ? 'Thu nhỏ trò chuyện' : 'Chat với dược sĩ'}
      </button>
    </>
  );
}
