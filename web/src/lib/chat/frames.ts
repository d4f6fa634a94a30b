/**
 * The chat's WebSocket frames and HTTP shapes as the web reads them: types only, inferred from the zod schemas of
 * shared/src/chat/protocol.ts (the one owner of the wire format), so the lazily loaded widget carries no zod.
 */
export type {
  ChatConversation,
  ChatDutyStatus,
  ChatMessage,
  ChatPartyRole,
  ChatSenderRole as SenderRole,
  ChatStatus as ConversationStatus,
  ClientFrame,
  ServerFrame,
} from '../../../../shared/src/chat/protocol';
export { CHAT_MAX_BODY, chatWsPath } from '../../../../shared/src/chat/protocol';
