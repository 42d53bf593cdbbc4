/** One language's messages, every area's in one table: written at build time by scripts/vite/locale-messages.ts. */
declare module 'virtual:locale-messages/*' {
	const table: Partial<Record<import('./messages').MessageKey, string>>;
	export default table;
}
