'use client';
/**
 * The two help launchers on every storefront page, one design, side by side in the bottom-right corner: "Trợ lý
 * Medicare" (the AI assistant, #18) and "Chat với dược sĩ" (the live pharmacist chat, #15). Deliberately tiny: each
 * panel (its widget, socket or stream code, forms) is fetched with a dynamic import on its first open, so no page's
 * first-load JS grows (`npm run build` reports it). One panel shows at a time (both open in the corner above the
 * launchers); a loaded panel stays mounted while hidden, so the chat's socket and the assistant's answer in progress
 * survive minimising, switching and client-side navigation (the storefront layout keeps the dock).
 */
import { useRef, useState, type ComponentType } from 'react';

type Panel = ComponentType<{ open: boolean; onHide: () => void }>;
type Which = 'assistant' | 'chat';

const LAUNCHERS: Array<{ which: Which; load: () => Promise<Panel>; panelId: string; label: string; hide: string; retry: string }> = [
  { which: 'assistant', load: () => import('./assistant/AssistantWidget').then((m) => m.AssistantWidget), panelId: 'assistant-panel', label: 'Trợ lý Medicare', hide: 'Thu nhỏ trợ lý', retry: 'Thử mở lại trợ lý' },
  { which: 'chat', load: () => import('./chat/ChatWidget').then((m) => m.ChatWidget), panelId: 'chat-panel', label: 'Chat với dược sĩ', hide: 'Thu nhỏ trò chuyện', retry: 'Thử mở lại trò chuyện' },
];

export function SupportDock() {
  const [panels, setPanels] = useState<Partial<Record<Which, Panel>>>({});
  const [open, setOpen] = useState<Which | null>(null);
  const [failed, setFailed] = useState<Which | null>(null);
  const buttons = useRef<Partial<Record<Which, HTMLButtonElement | null>>>({});
  const toggle = async (l: (typeof LAUNCHERS)[number]) => {
    if (!panels[l.which]) {
      try {
        const P = await l.load();
        setPanels((p) => ({ ...p, [l.which]: P }));
        setFailed(null);
      } catch {
        setFailed(l.which);
        return;
      }
    }
    setOpen((o) => (o === l.which ? null : l.which));
  };
  return (
    <>
      {LAUNCHERS.map(({ which }) => {
        const P = panels[which];
        return (
          P && (
            <P
              key={which}
              open={open === which}
              onHide={() => {
                setOpen(null);
                buttons.current[which]?.focus();
              }}
            />
          )
        );
      })}
      <div className="fixed bottom-4 right-4 z-40 flex gap-2">
        {LAUNCHERS.map((l) => (
          <button
            key={l.which}
            ref={(b) => {
              buttons.current[l.which] = b;
            }}
            type="button"
            onClick={() => void toggle(l)}
            aria-expanded={open === l.which}
            aria-controls={panels[l.which] ? l.panelId : undefined}
            className="rounded-full bg-emerald-700 px-4 py-3 text-sm font-semibold text-white shadow-lg hover:bg-emerald-800"
            data-testid={`${l.which}-button`}
          >
            {failed === l.which ? l.retry : open === l.which ? l.hide : l.label}
          </button>
        ))}
      </div>
    </>
  );
}
