/** The value below which a share `q` of `sorted` (ascending) lies: p50 is quantile(sorted, 0.5). */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** The middle value (the upper one of an even count): what a benchmark reports of its passes. */
export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}
