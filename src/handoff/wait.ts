/** With too little history to measure: roughly how long one person in line takes to be picked up. */
export const DEFAULT_MINUTES_PER_HANDOFF = 5;

/** Gaps between claims longer than this are a break or a night, not the team's pace. */
const MAX_CLAIM_GAP_MS = 2 * 60 * 60 * 1000;

/**
 * Expected wait in minutes for the person at `position`: the team picks handoffs up at the pace of
 * its recent claims (median gap between them), so the n-th in line waits about n gaps.
 */
export function expectedWaitMinutes(position: number, recentClaims: number[]): number {
  const sorted = [...recentClaims].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((at, i) => at - (sorted[i] as number)).filter((gap) => gap <= MAX_CLAIM_GAP_MS);
  const perHandoff = gaps.length === 0 ? DEFAULT_MINUTES_PER_HANDOFF : median(gaps) / 60_000;
  return Math.max(1, Math.ceil(position * perHandoff));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
