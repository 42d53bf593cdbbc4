/** Tells other tabs that stored data changed (an import finished, something was deleted), so they refresh. */
const CHANNEL = 'lifecycle-lens-changes';

export function announceChange(): void {
	if (typeof BroadcastChannel === 'undefined') return;
	const channel = new BroadcastChannel(CHANNEL);
	channel.postMessage('changed');
	channel.close();
}

/** Calls `onChange` when another tab (or a worker) changed stored data; returns the unsubscribe. */
export function onStoredChange(onChange: () => void): () => void {
	if (typeof BroadcastChannel === 'undefined') return () => {};
	const channel = new BroadcastChannel(CHANNEL);
	channel.onmessage = () => onChange();
	return () => channel.close();
}
