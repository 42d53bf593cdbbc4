/** Small controls shared by the views: a chart's export buttons, a failed computation's retry. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'controls.export': 'Export',
		'controls.tryAgain': 'Try again'
	},
	vi: {
		'controls.export': 'Xuất',
		'controls.tryAgain': 'Thử lại'
	},
	es: {
		'controls.export': 'Exportar',
		'controls.tryAgain': 'Reintentar'
	},
	nl: {
		'controls.export': 'Exporteren',
		'controls.tryAgain': 'Opnieuw proberen'
	}
});
