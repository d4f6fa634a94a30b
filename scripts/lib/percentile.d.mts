/** The one percentile every bench section reports (nearest rank over a sorted copy); NaN for no samples. */
export declare function pct(xs: readonly number[], p: number): number;
