/** Streams a file as text chunks, never reading it whole; counts bytes for progress. */

export async function* readTextChunks(
	blob: Blob,
	onBytes?: (bytesRead: number) => void
): AsyncGenerator<string> {
	let bytesRead = 0;
	const counted = blob.stream().pipeThrough(
		new TransformStream<Uint8Array<ArrayBuffer>, Uint8Array<ArrayBuffer>>({
			transform(chunk, controller) {
				bytesRead += chunk.byteLength;
				onBytes?.(bytesRead);
				controller.enqueue(chunk);
			}
		})
	);
	// TextDecoderStream drops a UTF-8 byte-order mark.
	const reader = counted.pipeThrough(new TextDecoderStream()).getReader();
	let finished = false;
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			yield value;
		}
		finished = true;
	} finally {
		// Stopped early (cancelled or failed): stop reading the file too.
		if (!finished) await reader.cancel().catch(() => {});
	}
}
