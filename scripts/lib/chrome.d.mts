export declare const SYSTEM_CHROMES: string[];
export declare const CHROME_FLAGS: string[];
export declare function resolveChrome(options?: { env?: Record<string, string | undefined>; candidates?: string[] }): Promise<{ path: string; source: 'CHROME_PATH' | 'system' | 'npm' }>;
