/** The default suppression threshold of shared results: counts from 1 to k - 1 are hidden (docs/sharing.md). */
export const DEFAULT_K = 5;
