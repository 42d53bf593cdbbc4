/** Lifecycle models: ordered stages, each entered when any of its rules first holds. */

export type Rule =
	| {
			kind: 'event';
			/** Event names, matched ignoring case, spaces, '-' and '_'. */
			names: string[];
			/** The stage is entered at the minCount-th instant with a matching event (default 1): events of one instant, the lines of one order, are one. */
			minCount?: number;
			/** Only events whose value is at least this count. */
			minValue?: number;
			where?: { attribute: string; in: string[] };
	  }
	| { kind: 'stage-date'; column: string }
	| { kind: 'first-seen' }
	/** Any event at all, the minCount-th one (default 1). */
	| { kind: 'activity'; minCount?: number }
	/** No event for this many days: holds that many days after an event not followed by another in time. */
	| { kind: 'inactivity'; days: number };

export type RuleKind = Rule['kind'];

export interface Stage {
	id: string;
	label: string;
	optional?: boolean;
	enter: Rule[];
	/** What the stage should achieve (./targets compares the results with it). */
	targets?: StageTargets;
}

/** A stage's optional targets. */
export interface StageTargets {
	/** Of those who enter the stage, the share who should go on to the next (0–1). */
	conversionToNext?: number;
	/** The median time in the stage should be at most this many days (a service level). */
	medianDays?: number;
}

/** The model's optional targets for its customers as a whole. */
export interface ModelTargets {
	/** The share of customers who should be active (not inactive, not lost) (0–1). */
	activeShare?: number;
}

export interface StatusThresholds {
	inactiveAfterDays: number;
	lostAfterDays: number;
}

export interface LifecycleModel {
	id: string;
	name: string;
	/** When to use it, in one line. */
	description?: string;
	stages: Stage[];
	/** forward-only: the stage never moves back (CRM default); latest: the stage whose rule held last wins. */
	progression: 'forward-only' | 'latest';
	status?: StatusThresholds;
	targets?: ModelTargets;
}

export const DEFAULT_STATUS: StatusThresholds = { inactiveAfterDays: 30, lostAfterDays: 90 };

/**
 * How event names and stage-date columns are compared: case, spaces, '-' and '_' do not matter, nor how the text's
 * accents are encoded (NFC: "mua hàng" typed with a combining grave accent, as macOS file names and some exports
 * write it, is the template's "mua hàng").
 */
export function normalizeName(name: string): string {
	return name.normalize('NFC').toLowerCase().replace(/[\s_-]+/g, '');
}

const events = (names: string[], extra: { minCount?: number; minValue?: number } = {}): Rule => ({ kind: 'event', names, ...extra });
const stage = (id: string, label: string, enter: Rule[], optional = false): Stage => ({ id, label, enter, ...(optional ? { optional } : {}) });
const firstSeen: Rule = { kind: 'first-seen' };
/*
 * Event names the templates' rules recognise, in the interface's four languages (English, Vietnamese, Spanish,
 * Dutch), so that a log written in any of them fits a template as it is.
 */
const PURCHASE = ['purchase', 'order', 'payment', 'subscription started', 'invoice paid', 'mua hàng', 'đơn hàng', 'thanh toán', 'compra', 'pedido', 'pago', 'aankoop', 'bestelling', 'betaling'];
/** The lead lifecycle's purchases: a purchase or an order. */
const PURCHASE_LEAD = ['purchase', 'order', 'mua hàng', 'đơn hàng', 'compra', 'pedido', 'aankoop', 'bestelling'];
const CUSTOMER = ['customer', 'khách hàng', 'cliente', 'klant'];
const LEAD = ['lead', 'khách hàng tiềm năng', 'cliente potencial'];
const OPPORTUNITY = ['sqo', 'opportunity', 'sales qualified opportunity', 'cơ hội', 'cơ hội bán hàng', 'oportunidad', 'verkoopkans'];
const SIGNUP = ['signup', 'sign up', 'register', 'registration', 'subscribe', 'account created', 'form submit', 'đăng ký', 'tạo tài khoản', 'registro', 'alta', 'suscripción', 'aanmelding', 'registratie', 'inschrijving'];
const ADVOCACY = ['referral', 'review', 'advocate', 'nps promoter', 'evangelist', 'giới thiệu', 'đánh giá', 'recomendación', 'referido', 'reseña', 'doorverwijzing', 'aanbeveling', 'recensie', 'beoordeling'];
const RENEWAL = ['renewal', 'gia hạn', 'renovación', 'verlenging'];
const BROWSING = ['page view', 'product view', 'search', 'xem trang', 'xem sản phẩm', 'tìm kiếm', 'visita', 'vista de producto', 'búsqueda', 'paginaweergave', 'productweergave', 'zoekopdracht'];
const USE = ['login', 'feature used', 'onboarding', 'onboarding completed', 'activation', 'support ticket', 'đăng nhập', 'kích hoạt', 'inicio de sesión', 'activación', 'inloggen', 'activatie'];

export const leadLifecycle: LifecycleModel = {
	id: 'lead',
	name: 'Lead lifecycle',
	description: 'B2B sales pipelines from a CRM: how prospects become leads, qualified leads, opportunities and customers.',
	progression: 'forward-only',
	status: DEFAULT_STATUS,
	stages: [
		stage('prospect', 'Anonymous prospect', [firstSeen]),
		stage('lead', 'Lead', [events(LEAD)]),
		stage('mql', 'MQL', [events(['mql', 'marketing qualified lead'])]),
		stage('sql', 'SQL', [events(['sql', 'sales qualified lead'])]),
		stage('sqo', 'SQO', [events(OPPORTUNITY)]),
		stage('customer', 'Customer', [events([...CUSTOMER, ...PURCHASE_LEAD])]),
		stage('repeat', 'Repeat customer', [events(PURCHASE_LEAD, { minCount: 2 })])
	]
};

export const journey5: LifecycleModel = {
	id: 'journey5',
	name: 'Customer journey (5 stages)',
	description: 'Shops and subscriptions: whom you reach, acquire and convert, and whether they stay and become loyal.',
	progression: 'forward-only',
	status: DEFAULT_STATUS,
	stages: [
		stage('reach', 'Reach', [firstSeen]),
		stage('acquisition', 'Acquisition', [events([...SIGNUP, ...LEAD])]),
		stage('conversion', 'Conversion', [events([...CUSTOMER, ...PURCHASE])]),
		stage('retention', 'Retention', [events(PURCHASE, { minCount: 2 }), events([...RENEWAL, 'repeat purchase'])]),
		stage('loyalty', 'Loyalty', [events(PURCHASE, { minCount: 4 }), events(ADVOCACY)])
	]
};

export const phases6: LifecycleModel = {
	id: 'phases6',
	name: 'Customer journey (6 phases)',
	description: 'Considered purchases: awareness and engagement, evaluation, purchase, the experience after it, and bonding.',
	progression: 'forward-only',
	status: DEFAULT_STATUS,
	stages: [
		stage('awareness', 'Awareness', [firstSeen]),
		stage('engagement', 'Engagement', [events(['email click', 'email open', 'webinar', 'content download', 'newsletter', 'lead', 'mql'])], true),
		stage('evaluation', 'Evaluation', [events(['demo', 'demo request', 'trial', 'trial started', 'quote', 'quote requested', 'sql', 'opportunity'])]),
		stage('purchase', 'Purchase', [events([...CUSTOMER, ...PURCHASE])]),
		stage('experience', 'Product and support experience', [
			events(['onboarding', 'onboarding completed', 'support ticket', 'feature used', 'renewal']),
			events(PURCHASE, { minCount: 2 })
		]),
		stage('bonding', 'Bonding', [events([...ADVOCACY, 'case study'])])
	]
};

export const clientStatus: LifecycleModel = {
	id: 'status',
	name: 'Client status',
	description: 'Existing clients by recency: who is onboarding, active, slipping (inactive) or gone (lost).',
	progression: 'latest',
	status: DEFAULT_STATUS,
	stages: [
		stage('onboarding', 'Onboarding', [firstSeen]),
		stage('active', 'Active', [{ kind: 'activity', minCount: 2 }]),
		stage('inactive', 'Inactive', [{ kind: 'inactivity', days: DEFAULT_STATUS.inactiveAfterDays }]),
		stage('lost', 'Lost', [{ kind: 'inactivity', days: DEFAULT_STATUS.lostAfterDays }])
	]
};

export const discovery: LifecycleModel = {
	id: 'discovery',
	name: 'Discovery journey',
	description: 'Products people research before buying and then use: discover, research, buy, use, grow, stay loyal; lapsed customers show as lost.',
	progression: 'forward-only',
	status: DEFAULT_STATUS,
	stages: [
		stage('discover', 'Discover', [firstSeen]),
		stage('research', 'Research', [events([...BROWSING, 'compare', 'webinar', 'content download', 'demo', 'trial'])]),
		stage('purchase', 'Purchase', [events([...CUSTOMER, ...PURCHASE])]),
		stage('use', 'Use', [events(USE)]),
		stage('grow', 'Maintain and grow', [events(['upgrade', 'upsell', 'cross sell', 'renewal', 'add on']), events(PURCHASE, { minCount: 2 })]),
		stage('loyal', 'Loyal', [events(PURCHASE, { minCount: 4 }), events(ADVOCACY.filter((n) => n !== 'evangelist'))])
	]
};

export const templates: LifecycleModel[] = [leadLifecycle, journey5, phases6, clientStatus, discovery];

export function templateById(id: string): LifecycleModel | undefined {
	return templates.find((t) => t.id === id);
}

/** An editable copy of a template (the original stays as it is). */
export function copyOfTemplate(template: LifecycleModel, id: string): LifecycleModel {
	return { ...structuredClone(template), id, name: `${template.name} (edited)` };
}
