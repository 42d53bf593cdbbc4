/** Words shared by every page: the header, the language picker, generic actions. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'common.brand': 'Lifecycle Lens',
		'common.privacy': 'Your data stays in this browser.',
		'common.language': 'Language',
		'common.skipToContent': 'Skip to content',
		'common.events.one': '{count} event',
		'common.events.other': '{count} events',
		'common.customers.one': '{count} customer',
		'common.customers.other': '{count} customers'
	},
	vi: {
		'common.brand': 'Lifecycle Lens',
		'common.privacy': 'Dữ liệu của bạn chỉ ở trong trình duyệt này.',
		'common.language': 'Ngôn ngữ',
		'common.skipToContent': 'Chuyển đến nội dung',
		'common.events.one': '{count} sự kiện',
		'common.events.other': '{count} sự kiện',
		'common.customers.one': '{count} khách hàng',
		'common.customers.other': '{count} khách hàng'
	},
	es: {
		'common.brand': 'Lifecycle Lens',
		'common.privacy': 'Tus datos se quedan en este navegador.',
		'common.language': 'Idioma',
		'common.skipToContent': 'Ir al contenido',
		'common.events.one': '{count} evento',
		'common.events.other': '{count} eventos',
		'common.customers.one': '{count} cliente',
		'common.customers.other': '{count} clientes'
	},
	nl: {
		'common.brand': 'Lifecycle Lens',
		'common.privacy': 'Je gegevens blijven in deze browser.',
		'common.language': 'Taal',
		'common.skipToContent': 'Naar de inhoud',
		'common.events.one': '{count} gebeurtenis',
		'common.events.other': '{count} gebeurtenissen',
		'common.customers.one': '{count} klant',
		'common.customers.other': '{count} klanten'
	}
});
