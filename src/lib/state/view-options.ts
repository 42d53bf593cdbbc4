/**
 * The options of every view, as link parameters. Each field has one line in FIELDS: its parameter name and
 * what it may hold. Decoding checks each against that; a bad one is dropped with a notice, never trusted.
 */
import { LOCALES, type Locale } from '../i18n/locales';
import { problem, type Problem } from '../base/problem';
import { DEFAULT_QUERY_OPTIONS } from '../engine/queries';
import type { AttributeCondition, EventCondition } from '../engine/filter';
import { decodeAttributeConditions, decodeEventConditions, encodeAttributeConditions, encodeEventConditions, parseAttribution } from './filter-codec';

export interface ViewOptions {
	/** Filters: customers first seen in [filterFrom, filterTo] (YYYY-MM-DD), and every condition below. */
	filterFrom?: string;
	filterTo?: string;
	/** An older link's one attribute filter ("any of"): decoding moves it into filterConditions. */
	filterAttribute?: string;
	filterValues?: string[];
	/** Attribute conditions ("is", "is not", "any of"), on the value the attribution gives each customer. */
	filterConditions?: AttributeCondition[];
	/** Did or did not do an event. */
	filterEvents?: EventCondition[];
	/** Net value at least / at most. */
	filterValueMin?: number;
	filterValueMax?: number;
	/** Which event gives a customer's attribute value, for filters and breakdowns: first, last or stage:<id>. */
	attribution?: string;
	funnelMode?: 'cumulative' | 'strict';
	funnelWindow?: number;
	/** The unit of the conversion window and of the per-step windows (days when absent, as links before it). */
	funnelWindowUnit?: 'hour' | 'day' | 'week';
	/** Per-step windows (SLAs), each "stageId:N" (funnel-links.ts): the step into that stage within N units of the one before. */
	funnelStepWindows?: string[];
	/** Exclusion steps, each "fromStageId:toStageId:event", every part URI-encoded (funnel-links.ts). */
	funnelExclusions?: string[];
	/** Stage ids left out of the funnel. */
	funnelHidden?: string[];
	/** Count unique customers (default) or entries: recycled customers who re-enter a stage count again. */
	funnelCounting?: 'customers' | 'entries';
	/** The attribute every view is broken down by; with breakdownOf 'event', the event (did it / did not). */
	breakdown?: string;
	breakdownOf?: 'attribute' | 'event';
	/** How many of the largest segments a breakdown shows before "other". */
	breakdownTop?: number;
	/** Two date ranges to compare: from A, to A, from B, to B ('' where open). */
	compare?: string[];
	/** "Why did they convert?": the funnel step asked about, by its stage id (engine/drivers.ts). */
	driversStep?: string;
	flowKind?: 'paths' | 'transitions';
	flowPositions?: number;
	flowFold?: number;
	flowA?: string;
	flowB?: string;
	/** The journey's anchor and goal: an event name or stage:ID (engine/journey.ts); the model's second stage when absent. */
	journeyAnchor?: string;
	journeyDirection?: 'next' | 'previous';
	journeySteps?: number;
	/** Events left out of the journey's steps. */
	journeyHidden?: string[];
	/** Consecutive repeats of an event count as one step. */
	journeyMerge?: 'yes' | 'no';
	/** Percent of the journey's customers under which a step's event folds into "other". */
	journeyFold?: number;
	journeyGoal?: string;
	retentionPeriod?: 'day' | 'week' | 'month';
	retentionCohort?: number;
	retentionReturn?: string;
	retentionMode?: 'bounded' | 'unbounded';
	retentionShow?: 'percent' | 'count' | 'revenue';
	/** Custom brackets: the first period offset of each, ascending from 0 (0,1,8,31: day 0, 1-7, 8-30, 31 on). */
	retentionBrackets?: string[];
	trendPeriod?: 'day' | 'week' | 'month';
	/** Lifetime value: how many weeks ahead, and the yearly discount rate (a fraction: 0.1 is 10%). */
	valueHorizon?: number;
	valueDiscount?: number;
	theme?: 'light' | 'dark' | 'contrast';
	/** The interface's language. */
	language?: Locale;
	/** Presentation slide, from 1. */
	slide?: number;
	/** The presenter's note for each slide, in slide order ('' where none). */
	notes?: string[];
	/** A public file (https) the link loads when this browser does not have the dataset. */
	source?: string;
	/** What the link's dataset is, to ask for the file when this browser does not have it. */
	datasetName?: string;
	datasetRows?: number;
	datasetFrom?: string;
	datasetTo?: string;
	/** How the link's file was mapped (mapping-codec.ts), to import the same file again with no question. */
	mapping?: string;
}

type Kind =
	| { type: 'day' }
	| { type: 'text'; max?: number }
	| { type: 'list'; item?: RegExp }
	| { type: 'int'; min: number; max: number }
	| { type: 'number'; min: number; max: number }
	| { type: 'one-of'; values: readonly string[] }
	| { type: 'attribute-conditions' }
	| { type: 'event-conditions' }
	| { type: 'attribution' };

const day = { type: 'day' } as const;
const text = { type: 'text' } as const;
const list = { type: 'list' } as const;
const oneOf = (...values: string[]) => ({ type: 'one-of', values }) as const;
const PERIODS = ['day', 'week', 'month'];

export const FIELDS: { key: keyof ViewOptions; param: string; label: string; kind: Kind }[] = [
	{ key: 'filterFrom', param: 'from', label: 'filter start date', kind: day },
	{ key: 'filterTo', param: 'to', label: 'filter end date', kind: day },
	{ key: 'filterAttribute', param: 'attr', label: 'filter attribute', kind: text },
	{ key: 'filterValues', param: 'vals', label: 'filter values', kind: list },
	{ key: 'filterConditions', param: 'fa', label: 'attribute filters', kind: { type: 'attribute-conditions' } },
	{ key: 'filterEvents', param: 'fe', label: 'event filters', kind: { type: 'event-conditions' } },
	{ key: 'filterValueMin', param: 'vmin', label: 'lowest value', kind: { type: 'number', min: -1e12, max: 1e12 } },
	{ key: 'filterValueMax', param: 'vmax', label: 'highest value', kind: { type: 'number', min: -1e12, max: 1e12 } },
	{ key: 'attribution', param: 'at', label: 'attribution', kind: { type: 'attribution' } },
	{ key: 'funnelMode', param: 'fm', label: 'funnel mode', kind: oneOf('cumulative', 'strict') },
	{ key: 'funnelWindow', param: 'win', label: 'conversion window', kind: { type: 'int', min: 1, max: 3650 } },
	{ key: 'funnelWindowUnit', param: 'wu', label: 'window unit', kind: oneOf('hour', 'day', 'week') },
	{ key: 'funnelStepWindows', param: 'sla', label: 'per-step windows', kind: { type: 'list', item: /^[^:]+:\d{1,4}$/ } },
	{ key: 'funnelExclusions', param: 'ex', label: 'exclusion steps', kind: { type: 'list', item: /^[^:]+:[^:]+:[^:]+$/ } },
	{ key: 'funnelHidden', param: 'hide', label: 'hidden steps', kind: list },
	{ key: 'funnelCounting', param: 'cnt', label: 'counting', kind: oneOf('customers', 'entries') },
	{ key: 'breakdown', param: 'by', label: 'breakdown', kind: text },
	{ key: 'breakdownOf', param: 'byk', label: 'breakdown kind', kind: oneOf('attribute', 'event') },
	{ key: 'breakdownTop', param: 'top', label: 'number of segments', kind: { type: 'int', min: 1, max: 20 } },
	{ key: 'compare', param: 'cmp', label: 'compared date ranges', kind: list },
	{ key: 'driversStep', param: 'dst', label: 'drivers step', kind: text },
	{ key: 'flowKind', param: 'fk', label: 'flow kind', kind: oneOf('paths', 'transitions') },
	{ key: 'flowPositions', param: 'pos', label: 'number of flow steps', kind: { type: 'int', min: 2, max: 10 } },
	{ key: 'flowFold', param: 'fold', label: 'fold share', kind: { type: 'number', min: 0, max: 50 } },
	{ key: 'flowA', param: 'da', label: 'first flow date', kind: day },
	{ key: 'flowB', param: 'db', label: 'second flow date', kind: day },
	{ key: 'journeyAnchor', param: 'ja', label: 'journey anchor', kind: text },
	{ key: 'journeyDirection', param: 'jd', label: 'journey direction', kind: oneOf('next', 'previous') },
	{ key: 'journeySteps', param: 'js', label: 'journey steps', kind: { type: 'int', min: 1, max: 10 } },
	{ key: 'journeyHidden', param: 'jh', label: 'events hidden from the journey', kind: list },
	{ key: 'journeyMerge', param: 'jm', label: 'merging repeats', kind: oneOf('yes', 'no') },
	{ key: 'journeyFold', param: 'jf', label: 'journey fold share', kind: { type: 'number', min: 0, max: 50 } },
	{ key: 'journeyGoal', param: 'jg', label: 'journey goal', kind: text },
	{ key: 'retentionPeriod', param: 'rp', label: 'cohort period', kind: oneOf(...PERIODS) },
	{ key: 'retentionCohort', param: 'rc', label: 'cohort stage', kind: { type: 'int', min: -1, max: 29 } },
	{ key: 'retentionReturn', param: 'rr', label: 'return event', kind: text },
	{ key: 'retentionMode', param: 'rm', label: 'retention mode', kind: oneOf('bounded', 'unbounded') },
	{ key: 'retentionShow', param: 'rs', label: 'retention display', kind: oneOf('percent', 'count', 'revenue') },
	{ key: 'retentionBrackets', param: 'rb', label: 'retention brackets', kind: { type: 'list', item: /^\d{1,4}$/ } },
	{ key: 'trendPeriod', param: 'tp', label: 'trend period', kind: oneOf(...PERIODS) },
	{ key: 'valueHorizon', param: 'vh', label: 'lifetime value horizon', kind: { type: 'int', min: 1, max: 520 } },
	{ key: 'valueDiscount', param: 'vd', label: 'yearly discount rate', kind: { type: 'number', min: 0, max: 1 } },
	{ key: 'theme', param: 'theme', label: 'theme', kind: oneOf('light', 'dark', 'contrast') },
	{ key: 'language', param: 'lang', label: 'language', kind: oneOf(...LOCALES) },
	{ key: 'slide', param: 'slide', label: 'slide', kind: { type: 'int', min: 1, max: 100 } },
	{ key: 'notes', param: 'notes', label: 'slide notes', kind: list },
	{ key: 'source', param: 'src', label: 'source address', kind: { type: 'text', max: 2000 } },
	{ key: 'datasetName', param: 'dn', label: 'dataset name', kind: text },
	{ key: 'datasetRows', param: 'dr', label: 'dataset rows', kind: { type: 'int', min: 0, max: 1e10 } },
	{ key: 'datasetFrom', param: 'df', label: 'dataset start', kind: day },
	{ key: 'datasetTo', param: 'dt', label: 'dataset end', kind: day },
	{ key: 'mapping', param: 'map', label: 'column mapping', kind: { type: 'text', max: 4000 } }
];

const MAX_TEXT = 200;

/** The UTC day (YYYY-MM-DD) of an epoch-ms time, as links and date inputs write days. */
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function isDay(value: string): boolean {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** A list travels as comma-separated items, each URI-encoded, so values may hold commas. */
const encodeList = (items: string[]) => items.map(encodeURIComponent).join(',');
function decodeList(raw: string): string[] | undefined {
	try {
		return raw === '' ? [] : raw.split(',').map(decodeURIComponent);
	} catch {
		return undefined;
	}
}

function parse(raw: string, kind: Kind): unknown {
	switch (kind.type) {
		case 'day':
			return isDay(raw) ? raw : undefined;
		case 'text':
			return raw.length > 0 && raw.length <= (kind.max ?? MAX_TEXT) ? raw : undefined;
		case 'list': {
			const items = decodeList(raw);
			return items && items.length <= 50 && items.every((i) => i.length <= MAX_TEXT && (!kind.item || kind.item.test(i))) ? items : undefined;
		}
		case 'int':
		case 'number': {
			const n = Number(raw);
			const ok = raw.trim() !== '' && Number.isFinite(n) && n >= kind.min && n <= kind.max && (kind.type === 'number' || Number.isInteger(n));
			return ok ? n : undefined;
		}
		case 'one-of':
			return kind.values.includes(raw) ? raw : undefined;
		case 'attribute-conditions':
			return decodeAttributeConditions(raw);
		case 'event-conditions':
			return decodeEventConditions(raw);
		case 'attribution':
			return parseAttribution(raw) ? raw : undefined;
	}
}

function encode(value: unknown, kind: Kind): string {
	switch (kind.type) {
		case 'list':
			return encodeList(value as string[]);
		case 'attribute-conditions':
			return encodeAttributeConditions(value as AttributeCondition[]);
		case 'event-conditions':
			return encodeEventConditions(value as EventCondition[]);
		default:
			return String(value);
	}
}

/** Single values only: lists and conditions are edited as a whole. */
const isSingle = (kind: Kind) => !['list', 'attribute-conditions', 'event-conditions'].includes(kind.type);

/** Whether the link would accept this value of a single-valued option: controls write only such values into the options. */
export function acceptsValue(key: keyof ViewOptions, value: unknown): boolean {
	const field = FIELDS.find((f) => f.key === key);
	if (!field || !isSingle(field.kind) || (typeof value !== 'string' && typeof value !== 'number')) return false;
	return parse(String(value), field.kind) !== undefined;
}

/** Sets an option to a value the link accepts; a value it would refuse (an empty or out-of-range number) is ignored. */
export function setIfAccepted<K extends keyof ViewOptions>(options: ViewOptions, key: K, value: ViewOptions[K] | null): void {
	if (acceptsValue(key, value)) options[key] = value as ViewOptions[K];
}

export function encodeOptions(options: ViewOptions, params: URLSearchParams): void {
	for (const { key, param, kind } of FIELDS) {
		const value = options[key];
		if (value === undefined || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		params.set(param, encode(value, kind));
	}
}

/** Each notice's problem goes to `problems`, when given, at the same index. */
export function decodeOptions(params: URLSearchParams, notices: string[], problems: Problem[] = []): ViewOptions {
	const options: Record<string, unknown> = {};
	for (const { key, param, label, kind } of FIELDS) {
		const raw = params.get(param);
		if (raw === null) continue;
		const value = parse(raw, kind);
		if (value === undefined) {
			notices.push(`The link's ${label} "${raw.slice(0, 40)}" is not valid here; using the default.`);
			problems.push(problem('link.badOption', { option: key, value: raw.slice(0, 40) }));
		} else options[key] = value;
	}
	return withOlderFilter(options as ViewOptions);
}

/** An older link's one attribute filter (attr, vals) becomes the first "any of" condition, as the filter bar edits it. */
function withOlderFilter(options: ViewOptions): ViewOptions {
	const { filterAttribute, filterValues, ...rest } = options;
	if (!filterAttribute || !filterValues?.length) return rest;
	return { ...rest, filterConditions: [{ name: filterAttribute, op: 'any', values: filterValues }, ...(rest.filterConditions ?? [])] };
}

/** How many filters are set (the date range's ends, each condition, the value range's ends), for the Filters button. */
export function filterCount(options: ViewOptions): number {
	const set = (value: unknown) => (value === undefined || value === '' ? 0 : 1);
	return (
		set(options.filterFrom) +
		set(options.filterTo) +
		(options.filterConditions?.length ?? 0) +
		(options.filterEvents?.length ?? 0) +
		set(options.filterValueMin) +
		set(options.filterValueMax)
	);
}

const ANALYSIS = DEFAULT_QUERY_OPTIONS;

/** What each view shows when the link says nothing: the analyses' defaults are the engine's, the rest the page's own. */
export const DEFAULT_OPTIONS = {
	funnelMode: ANALYSIS.funnelMode,
	funnelWindowUnit: 'day',
	funnelCounting: 'customers',
	flowKind: 'paths',
	flowPositions: ANALYSIS.flowPositions,
	flowFold: ANALYSIS.flowFoldPercent,
	journeyDirection: ANALYSIS.journeyDirection,
	journeySteps: ANALYSIS.journeySteps,
	journeyMerge: 'no',
	journeyFold: 0,
	retentionPeriod: ANALYSIS.period,
	retentionCohort: ANALYSIS.cohortStage,
	retentionMode: ANALYSIS.retentionMode,
	retentionShow: 'percent',
	trendPeriod: ANALYSIS.period,
	valueHorizon: ANALYSIS.horizonWeeks,
	valueDiscount: ANALYSIS.yearlyDiscount,
	theme: 'light'
} as const satisfies ViewOptions;

/** Options with every default filled in, as the views use them. */
export type ResolvedOptions = ViewOptions & { [K in keyof typeof DEFAULT_OPTIONS]-?: NonNullable<ViewOptions[K]> };

export function withDefaults(options: ViewOptions = {}): ResolvedOptions {
	return { ...DEFAULT_OPTIONS, ...options } as ResolvedOptions;
}

/** Leaves out what equals its default or is empty, so links stay short. */
export function withoutDefaults(options: ViewOptions): ViewOptions {
	const out: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(options)) {
		if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) continue;
		if ((DEFAULT_OPTIONS as Record<string, unknown>)[key] === value) continue;
		out[key] = value;
	}
	return out as ViewOptions;
}
