/** Saves text the page made as a file the user downloads (nothing leaves the browser). */
export function downloadText(text: string, fileName: string, type = 'text/plain'): void {
	const url = URL.createObjectURL(new Blob([text], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
