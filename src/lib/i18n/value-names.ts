/** The value analyses' words in the interface's language: RFM segments by the engine's (English) name, and its messages. */
import type { SegmentName } from '$lib/engine/value';
import { formatCount } from './format';
import { t } from './i18n.svelte';
import type { MessageKey } from './messages';

const SEGMENT_KEYS: Record<SegmentName, string> = {
	Champions: 'champions',
	Loyal: 'loyal',
	'Potential loyalists': 'potentialLoyalists',
	New: 'new',
	Promising: 'promising',
	'Need attention': 'needAttention',
	'About to sleep': 'aboutToSleep',
	'At risk': 'atRisk',
	"Can't lose them": 'cantLose',
	Hibernating: 'hibernating',
	Lost: 'lost'
};

export const segmentName = (name: SegmentName) => t(`value.segment.${SEGMENT_KEYS[name]}` as MessageKey);
export const segmentRule = (name: SegmentName) => t(`value.segment.${SEGMENT_KEYS[name]}.rule` as MessageKey);

/** The engine's message when there are too few buyers to fit the lifetime-value model. */
export function predictionMessage(message: string): string {
	const few = /^Too few buyers to fit the model: (\d+) customers with a purchase, (\d+) of them/.exec(message);
	return few ? t('value.tooFew', { customers: formatCount(Number(few[1])), repeaters: formatCount(Number(few[2])) }) : message;
}
