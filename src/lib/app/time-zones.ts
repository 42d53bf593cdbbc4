/** The mapper's list of time zones, asked of the import worker once a page (import/time-zones.ts). */
import type { TimeZones } from '$lib/import/time-zones';
import { importWorker } from '$lib/worker/clients';

let asked: Promise<TimeZones | null> | null = null;

/** The zones to offer; null when the worker could not say (the mapper then offers UTC and the zone chosen). */
export function timeZones(): Promise<TimeZones | null> {
	return (asked ??= importWorker()
		.timeZones()
		.catch(() => {
			asked = null;
			return null;
		}));
}
