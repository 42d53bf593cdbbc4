/** The value analyses' words in the interface's language: RFM segments by the engine's (English) name, and its messages. */
import { noFitMessage, type BgnbdProblem, type GammaGammaProblem } from '$lib/engine/fit-check';
import type { SegmentName } from '$lib/engine/value';
import type { PredictionProblem } from '$lib/engine/value-report';
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

/** Why there is no lifetime-value prediction. */
export function predictionProblemMessage(problem: PredictionProblem): string {
	return problem.kind === 'too-few-buyers'
		? t('value.tooFew', { customers: formatCount(problem.customers), repeaters: formatCount(problem.repeaters) })
		: t('value.noFit', { why: t(`value.noFit.${problem.why}` as MessageKey) });
}

/** Why Gamma-Gamma gives no value. */
export const spendProblemMessage = (problem: GammaGammaProblem) => t('value.clv.gammaGammaProblem', { why: t(`value.gammaGamma.${problem}` as MessageKey) });

const NO_FIT_REASONS: BgnbdProblem[] = ['no-dropout', 'everyone-drops-out', 'same-rate', 'not-converged'];

/** The engine's English message (all a shared snapshot keeps), in the interface's language when it is one it knows. */
export function predictionMessage(message: string): string {
	const few = /^Too few buyers to fit the model: (\d+) customers with a purchase, (\d+) of them/.exec(message);
	if (few) return predictionProblemMessage({ kind: 'too-few-buyers', customers: Number(few[1]), repeaters: Number(few[2]) });
	const why = NO_FIT_REASONS.find((reason) => noFitMessage(reason) === message);
	return why ? t('value.noFit', { why: t(`value.noFit.${why}` as MessageKey) }) : message;
}
