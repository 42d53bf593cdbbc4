/**
 * The short reference a link uses for a stored dataset, and the dataset it means. In the base layer (pure, and
 * generic over the record) so that the engine worker, the app layer and the pages all read one definition.
 */

/** The short reference a link uses for a dataset: the first 12 hex digits of its SHA-256, or its id without one. */
export function datasetRef(dataset: { id: string; source: { sha256: string } }): string {
	return dataset.source.sha256 ? dataset.source.sha256.slice(0, 12) : dataset.id;
}

/** The dataset a link's reference means among these (newest first): the first with that reference or id. */
export function datasetOfRef<D extends { id: string; source: { sha256: string } }>(datasets: D[], ref: string): D | undefined {
	return datasets.find((d) => datasetRef(d) === ref || d.id === ref);
}
