import type { Metadata } from 'next';
import { ChatDesk } from '../../../../components/console/chat-desk';
import { gate } from '../../../../components/console/gate';
import { LoadFailed } from '../../../../components/console/LoadFailed';
import { ScreenHeader } from '../../../../components/console/ScreenHeader';

export const metadata: Metadata = { title: 'Trò chuyện' };

/** Live chat with shoppers (#15, pharmacists): waiting list, take, the conversation, handover to a consultation. */
export default async function ChatPage() {
  const g = await gate('chat');
  if (!g.ok) return g.view;
  const [waiting, mine] = await Promise.all([g.api.v1.pharmacist.chats.$get({ query: { status: 'waiting' } }), g.api.v1.pharmacist.chats.$get({ query: { status: 'mine' } })]);
  if (!waiting.ok) return <LoadFailed res={waiting} />;
  if (!mine.ok) return <LoadFailed res={mine} />;
  return (
    <div>
      <ScreenHeader screen="chat" title="Trò chuyện với khách hàng" />
      <ChatDesk initialWaiting={(await waiting.json()).items} initialMine={(await mine.json()).items} />
    </div>
  );
}
