/** A dataset's name from its file's: without the extension of any format the site reads, nor a .gz. */
export function datasetNameOf(fileName: string): string {
	return fileName.replace(/\.(csv|tsv|txt|json|jsonl|ndjson|xlsx|xls|ods|parquet)(\.gz)?$/i, '').replace(/\.gz$/i, '') || fileName;
}
