// Bindings visible to workerd tests through `import { env } from 'cloudflare:test'`.
declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    IMAGES_BUCKET: R2Bucket;
    FILES_BUCKET: R2Bucket;
    IMAGES: ImagesBinding;
    EVENTS: Queue;
    ENVIRONMENT: string;
    JWT_SECRET: string;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    /** #15 chat: the api Worker's ChatRoom namespace. */
    CHAT_ROOM: DurableObjectNamespace<import('../workers/api/src/chat-room').ChatRoom>;
  }
}
