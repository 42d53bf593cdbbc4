import type { CustomerFilter } from '$lib/engine/filter';
import type { LifecycleModel } from '$lib/engine/model';
import type { ResolvedOptions } from '$lib/state/view-options';

/** What every view of the dashboard is given: the dataset, the query context, and the link's options to bind. */
export interface ViewProps {
	datasetId: string;
	model: LifecycleModel;
	/** The as-of date's end (epoch ms); the data's last event when undefined. */
	asOf?: number;
	filter: CustomerFilter;
	/** The link's options: the view's controls read and write them directly. */
	options: ResolvedOptions;
}
