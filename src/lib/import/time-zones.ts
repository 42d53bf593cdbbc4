/**
 * The time zones a file's dates can be read in, for the mapper's list: UTC first, then this computer's, then every
 * zone the browser knows (about 420). Asked of the import worker: the first date format and the zone list cost the
 * page's thread 50-100 ms in the mapper's first render (ICU loading its data), over the page's 50 ms budget.
 */
export interface TimeZones {
	/** This computer's zone (a worker's is the page's: both are the browser's). */
	here: string;
	/** Every zone to offer, UTC first and this computer's second, each once. */
	zones: string[];
}

export function timeZoneChoices(): TimeZones {
	const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
	return { here, zones: [...new Set(['UTC', here, ...(Intl.supportedValuesOf?.('timeZone') ?? [])])] };
}
