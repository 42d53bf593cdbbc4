/**
 * A plain copy of what the page passes a worker: Svelte's state proxies cannot be posted (structured clone refuses
 * a Proxy), and a snapshot also fixes the value the worker computes with. What cannot be copied (a MessagePort
 * being transferred) passes through as it is.
 */
export const plainCopy = <T>(value: T): T => $state.snapshot(value) as T;
