/** The conversion-over-time chart of the funnel view. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'conversion.title.day': 'Conversion to {step} by entry day',
		'conversion.title.week': 'Conversion to {step} by entry week',
		'conversion.title.month': 'Conversion to {step} by entry month',
		'conversion.point': '{cohort}: {percent} of {entered}',
		'conversion.listThem': '{point}; list them',
		'conversion.summary': '{cohorts} entry cohorts, from {first} to {last}.',
		'conversion.cohort': 'Entered in',
		'conversion.entered': 'Customers entering',
		'conversion.reached': 'Reached {step}'
	},
	vi: {
		'conversion.title.day': 'Chuyển đổi sang {step} theo ngày bắt đầu',
		'conversion.title.week': 'Chuyển đổi sang {step} theo tuần bắt đầu',
		'conversion.title.month': 'Chuyển đổi sang {step} theo tháng bắt đầu',
		'conversion.point': '{cohort}: {percent} trên {entered}',
		'conversion.listThem': '{point}; liệt kê họ',
		'conversion.summary': '{cohorts} nhóm bắt đầu, từ {first} đến {last}.',
		'conversion.cohort': 'Bắt đầu vào',
		'conversion.entered': 'Khách hàng bắt đầu',
		'conversion.reached': 'Đã đến {step}'
	},
	es: {
		'conversion.title.day': 'Conversión a {step} por día de entrada',
		'conversion.title.week': 'Conversión a {step} por semana de entrada',
		'conversion.title.month': 'Conversión a {step} por mes de entrada',
		'conversion.point': '{cohort}: {percent} de {entered}',
		'conversion.listThem': '{point}; ver la lista',
		'conversion.summary': '{cohorts} cohortes de entrada, de {first} a {last}.',
		'conversion.cohort': 'Entraron en',
		'conversion.entered': 'Clientes que entran',
		'conversion.reached': 'Llegaron a {step}'
	},
	nl: {
		'conversion.title.day': 'Conversie naar {step} per instroomdag',
		'conversion.title.week': 'Conversie naar {step} per instroomweek',
		'conversion.title.month': 'Conversie naar {step} per instroommaand',
		'conversion.point': '{cohort}: {percent} van {entered}',
		'conversion.listThem': '{point}; toon ze',
		'conversion.summary': '{cohorts} instroomcohorten, van {first} tot {last}.',
		'conversion.cohort': 'Ingestroomd in',
		'conversion.entered': 'Instromende klanten',
		'conversion.reached': '{step} bereikt'
	}
});
