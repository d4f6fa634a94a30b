export declare function ensureDevVars(workerConfigs: string[], options?: { model?: { baseUrl: string; apiKey: string } | null }): void;
export declare function setModelVars(model: { baseUrl: string; apiKey: string } | null, file?: string): void;
export declare function setCatalogVars(mongo: { uri: string; db: string; client?: 'per-request' | 'durable-object' } | null, file?: string): void;
