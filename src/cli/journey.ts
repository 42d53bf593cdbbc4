/**
 * The journey flags of `lifecycle-lens analyze --analysis journey` (engine/journey.ts): the anchor, the goal, the
 * direction and number of steps, and the shaping, asked of the same engine session as the site's journey view.
 * Issue 25 spells the anchor and the goal --from and --to, which are also the filter's first-seen days: a day
 * (YYYY-MM-DD) stays the filter's, anything else is the journey's; --anchor and --goal say the same without the clash.
 * A journey has a start or an end: --to without --from is the end, and the steps are the events before it.
 */
import { DEFAULT_QUERY_OPTIONS } from '../lib/engine/queries';
import { JOURNEY_MAX_STEPS, parseJourneyPoint, type JourneyPoint, type JourneySpec } from '../lib/engine/journey';
import type { LifecycleModel } from '../lib/engine/model';
import type { EventTable } from '../lib/engine/table';
import { UsageError } from './model';

export const JOURNEY_HELP = `journey (--analysis journey):
  --from EVENT|stage:ID the anchor: each customer's first EVENT, or the moment they reach stage ID (a --from that is a
                        day, YYYY-MM-DD, stays the first-seen filter; --anchor is the same without that clash)
  --to EVENT|stage:ID   with --from, the goal: each link's share of customers who reach it after the anchor (or
                        --goal); alone, the journey's end: the events before each customer's first EVENT or their
                        reaching stage ID ("the 5 events before becoming an MQL": --to stage:mql --steps 5)
  --steps N             events to follow, 1 to ${JOURNEY_MAX_STEPS} (default: ${DEFAULT_QUERY_OPTIONS.journeySteps})
  --direction D         next (default) or previous: the events after or before the anchor
  --hide EVENT          leave EVENT out of the steps; repeatable
  --merge-repeats       consecutive repeats of an event count as one step
  --fold PERCENT        a step's events held by fewer than PERCENT of the journey's customers fold into "Other"
`;

export const JOURNEY_OPTIONS = {
	anchor: { type: 'string' },
	goal: { type: 'string' },
	steps: { type: 'string' },
	direction: { type: 'string' },
	hide: { type: 'string', multiple: true },
	'merge-repeats': { type: 'boolean' },
	fold: { type: 'string' }
} as const;

interface JourneyFlags {
	from?: string;
	to?: string;
	anchor?: string;
	goal?: string;
	steps?: string;
	direction?: string;
	hide?: string[];
	'merge-repeats'?: boolean;
	fold?: string;
}

const isDay = (value: string | undefined) => value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * The journey the flags ask for (undefined unless `wanted`), and the flags left for the filter: --from and --to
 * without the values the journey took.
 */
export function journeyOfFlags<F extends JourneyFlags>(flags: F, wanted: boolean): { spec?: JourneySpec; filterFlags: F; anchorFlag?: 'from' | 'to' } {
	const fromText = flags.anchor ?? (wanted && flags.from !== undefined && !isDay(flags.from) ? flags.from : undefined);
	const toText = flags.goal ?? (wanted && flags.to !== undefined && !isDay(flags.to) ? flags.to : undefined);
	const filterFlags = { ...flags, from: fromText === flags.from ? undefined : flags.from, to: toText === flags.to ? undefined : flags.to };
	// --to with no start is the journey's end: the events before it.
	const endOnly = fromText === undefined && flags.goal === undefined && toText !== undefined;
	const anchorText = endOnly ? toText : fromText;
	const goalText = endOnly ? undefined : toText;
	const given = (['anchor', 'goal', 'steps', 'direction', 'hide', 'merge-repeats', 'fold'] as const).find((flag) => flags[flag] !== undefined);
	if (!wanted) {
		if (given) throw new UsageError(`--${given}: a journey option; add journey to --analysis.`);
		return { filterFlags };
	}
	if (anchorText === undefined) throw new UsageError('--analysis journey needs its start or its end: --from EVENT|stage:STAGE_ID, or --to EVENT|stage:STAGE_ID.');
	if (endOnly && flags.direction === 'next') throw new UsageError(`--to ${toText} alone is the journey's end, so its steps are the events before it: give --from for a start, or leave out --direction next.`);
	const steps = flags.steps === undefined ? DEFAULT_QUERY_OPTIONS.journeySteps : Number(flags.steps);
	if (!Number.isInteger(steps) || steps < 1 || steps > JOURNEY_MAX_STEPS) throw new UsageError(`--steps ${flags.steps}: expected a whole number from 1 to ${JOURNEY_MAX_STEPS}.`);
	const direction = endOnly ? 'previous' : (flags.direction ?? DEFAULT_QUERY_OPTIONS.journeyDirection);
	if (direction !== 'next' && direction !== 'previous') throw new UsageError(`--direction ${direction}: expected next or previous.`);
	const fold = flags.fold === undefined ? 0 : Number(flags.fold);
	if (flags.fold !== undefined && (flags.fold.trim() === '' || !(fold >= 0 && fold <= 50))) throw new UsageError(`--fold ${flags.fold}: expected a percentage from 0 to 50.`);
	const spec: JourneySpec = {
		anchor: parseJourneyPoint(anchorText),
		direction,
		steps,
		...(flags.hide?.length ? { hidden: flags.hide } : {}),
		...(flags['merge-repeats'] ? { mergeRepeats: true } : {}),
		...(fold > 0 ? { minShare: fold / 100 } : {}),
		...(goalText !== undefined ? { goal: parseJourneyPoint(goalText) } : {})
	};
	return { spec, filterFlags, anchorFlag: endOnly ? 'to' : 'from' };
}

/** An anchor, goal or hidden event the file or the model does not have is a mistake worth saying, not an empty journey. */
export function checkJourneyAgainst(spec: JourneySpec | undefined, table: EventTable, model: LifecycleModel, anchorFlag: 'from' | 'to' = 'from'): void {
	if (!spec) return;
	const check = (flag: string, point: JourneyPoint | undefined) => {
		if (!point) return;
		if ('stage' in point) {
			if (!model.stages.some((s) => s.id === point.stage)) throw new UsageError(`--${flag} stage:${point.stage}: the model has no stage "${point.stage}"; its stages: ${model.stages.map((s) => s.id).join(', ')}.`);
		} else checkEvent(flag, point.event, table);
	};
	check(anchorFlag, spec.anchor);
	check('to', spec.goal);
	for (const event of spec.hidden ?? []) checkEvent('hide', event, table);
}

function checkEvent(flag: string, event: string, table: EventTable): void {
	if (table.eventNames.includes(event)) return;
	const names = table.eventNames.slice(0, 20).join(', ') + (table.eventNames.length > 20 ? ', …' : '');
	throw new UsageError(`--${flag} ${event}: the file has no event "${event}"; its events: ${names || 'none'}.`);
}
