/**
 * A page's first Intl format loads ICU's locale data, once for the whole renderer process, whichever thread asks:
 * 27-38 ms of the dashboard's first formats on the page's thread of a slow machine, on the way to a reload's first
 * chart. A throwaway worker of one line (a dedicated worker runs in its page's process) asks first, on the other
 * core, while the page's modules load; the page's own first formats then find the data loaded (bench/README.md). The
 * engine worker cannot do it in time: its script is ready only as the page first formats a number.
 */
export function loadLocaleDataOffThread(): void {
	const url = URL.createObjectURL(new Blob(['new Intl.NumberFormat().format(0); postMessage(0);'], { type: 'text/javascript' }));
	const worker = new Worker(url, { name: 'locale data' });
	const done = () => {
		worker.terminate();
		URL.revokeObjectURL(url);
	};
	worker.onmessage = worker.onerror = done;
}
