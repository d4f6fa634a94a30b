export interface FirstLoadRow {
  route: string;
  area: 'storefront' | 'console';
  files: number;
  gzip: number;
}
export declare function firstLoadJs(nextDir: string): FirstLoadRow[];
export declare function reportFirstLoadJs(nextDir: string): FirstLoadRow[];
