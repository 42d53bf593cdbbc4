/**
 * The slides of a deck, the same for the dashboard's and a shared snapshot's: which kinds, in which order, their
 * titles, and how a long table continues on the next slide.
 */
import type { Period } from '$lib/engine/periods';
import { formatCount } from '$lib/i18n/format';
import { t } from '$lib/i18n/i18n.svelte';

export type SlideKind = 'funnel' | 'stages' | 'flows' | 'retention' | 'trend' | 'value-top' | 'value-rfm' | 'value-clv';
const KINDS: SlideKind[] = ['funnel', 'stages', 'flows', 'retention', 'trend', 'value-top', 'value-rfm', 'value-clv'];

export interface SlidePlan {
	kind: SlideKind;
	/** Which part of a long table: from (inclusive) to (exclusive), and its number of parts. */
	part: { index: number; count: number; from: number; to: number } | null;
}

/** Rows of the stage table, and heatmap periods, one slide holds; more continue on the next slide. */
export const STAGE_ROWS_PER_SLIDE = 6;
export const PERIODS_PER_SLIDE = 9;
/** The stage table's columns a slide shows: all thirteen would not be readable from the back of the room. */
export const STAGE_SLIDE_COLUMNS = ['label', 'entered', 'current', 'share', 'conversionToNext', 'medianTimeInStage', 'valueMean'] as const;
/** The customers with the highest lifetime value a slide lists. */
export const CLV_ROWS_PER_SLIDE = 6;
/**
 * The flows slide's Sankey needs width for its labels more than size: fitted at most 1.2 times (chart text 27 px
 * on the 1280 × 720 slide) it is laid out wide enough to hold its last column's names on one line, and 430 px tall
 * it fills the slide's height at that scale.
 */
export const FLOWS_SLIDE = { maxScale: 1.2, height: 430 };
/** How much SlideFit may enlarge a slide's chart (undefined: its default). */
export const slideMaxScale = (kind: SlideKind) => (kind === 'flows' ? FLOWS_SLIDE.maxScale : undefined);

function parts(kind: SlideKind, length: number, size: number): SlidePlan[] {
	const count = Math.max(1, Math.ceil(length / size));
	if (count === 1) return [{ kind, part: null }];
	// Parts of equal size (12 periods make 6 + 6, not 9 + 3).
	const even = Math.ceil(length / count);
	return Array.from({ length: count }, (_, index) => ({ kind, part: { index, count, from: index * even, to: Math.min(length, (index + 1) * even) } }));
}

/**
 * The deck's slides: the stage table in parts of STAGE_ROWS_PER_SLIDE rows, the retention heatmap in parts of
 * PERIODS_PER_SLIDE periods, every other kind on one slide; only the kinds `has` keeps (a snapshot's views).
 */
export function deckSlides(sizes: { stageRows: number; periods: number }, has: (kind: SlideKind) => boolean = () => true): SlidePlan[] {
	return KINDS.filter(has).flatMap((kind) =>
		kind === 'stages' ? parts(kind, sizes.stageRows, STAGE_ROWS_PER_SLIDE) : kind === 'retention' ? parts(kind, sizes.periods, PERIODS_PER_SLIDE) : [{ kind, part: null }]
	);
}

export const slideTestId = (s: SlidePlan) => `slide-${s.kind}${s.part && s.part.index > 0 ? `-${s.part.index + 1}` : ''}`;

/** A slide's title: the model's name on the funnel's, the period on retention's and the trend's, its part when it has parts. */
export function slideTitle({ kind, part }: SlidePlan, names: { model: string; retentionPeriod: Period; trendPeriod: Period }): string {
	const title =
		kind === 'funnel'
			? t('present.title.funnel', { model: names.model })
			: kind === 'retention'
				? t(`present.title.retention.${names.retentionPeriod}`)
				: kind === 'trend'
					? t(`present.title.trend.${names.trendPeriod}`)
					: kind === 'value-top'
						? t('present.title.valueTop')
						: kind === 'value-rfm'
							? t('present.title.rfm')
							: kind === 'value-clv'
								? t('present.title.clv')
								: t(`present.title.${kind}`);
	return part ? t('present.part', { title, part: formatCount(part.index + 1), parts: formatCount(part.count) }) : title;
}
