// Values test/global-setup.ts provides to every test project (vitest `inject`).
import 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the local SendGrid stand-in (test/standins/sendgrid-standin.ts). */
    sendgridStandinUrl: string;
    /** Base URL of the local GHN fee API stand-in (test/standins/ghn-standin.ts). */
    ghnStandinUrl: string;
    /** Base URL of the local SePay transactions API stand-in (test/standins/sepay-standin.ts). */
    sepayStandinUrl: string;
    /** Base URL of the local GHTK cancel API stand-in (test/standins/ghtk-standin.ts). */
    ghtkStandinUrl: string;
    /** #18: base URL (ending in /v1) of the local OpenAI Chat Completions stand-in (test/standins/openai-standin.ts). */
    openaiStandinUrl: string;
    /** #16: a real Elasticsearch 9.x server (test/elasticsearch-setup.ts; only in the `search` and `search-worker` projects). */
    elasticsearchUrl: string;
    /** #16: a loopback TCP proxy in front of it, and the proxy's control URL (POST /stop, /hang, /resume). */
    elasticsearchProxyUrl: string;
    elasticsearchProxyControl: string;
    /** #19: the Upstash REST stand-in over a real redis-server (test/upstash-setup.ts; `upstash`, `upstash-worker`). */
    upstashStandinUrl: string;
    upstashStandinToken: string;
    /** #19: a real MongoDB-wire server, FerretDB v1.24.2 (test/ferretdb-setup.ts; only in the `catalog` and `mongo-worker` projects). */
    mongodbUri: string;
  }
}
