export declare function ensureDevVars(workerConfigs: string[], options?: { model?: { baseUrl: string; apiKey: string } | null }): void;
export declare function setModelVars(model: { baseUrl: string; apiKey: string } | null, file?: string): void;
