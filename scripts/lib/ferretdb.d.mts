export const FERRETDB_VERSION: string;
export function ferretdbBinary(): string;
export function ensureFerretdb(): string;
export function startFerretdb(opts?: { log?: boolean }): Promise<{ uri: string; port: number; pidFile: string; dir: string; stop(): Promise<void> }>;
