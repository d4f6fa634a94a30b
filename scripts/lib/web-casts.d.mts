export declare function forbiddenCasts(source: string): Array<{ line: number; text: string }>;
export declare function webCasts(dir?: string): string[];
