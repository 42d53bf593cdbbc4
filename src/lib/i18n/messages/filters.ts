/** The filter bar above every view. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'filters.legend': 'Filter customers',
		'filters.from': 'First seen from',
		'filters.to': 'to',
		'filters.with': 'with',
		'filters.anyAttribute': '(any attribute)',
		'filters.in': 'in',
		'filters.clear': 'Clear filters'
	},
	vi: {
		'filters.legend': 'Lọc khách hàng',
		'filters.from': 'Xuất hiện lần đầu từ',
		'filters.to': 'đến',
		'filters.with': 'có',
		'filters.anyAttribute': '(thuộc tính bất kỳ)',
		'filters.in': 'thuộc',
		'filters.clear': 'Xóa bộ lọc'
	},
	es: {
		'filters.legend': 'Filtrar clientes',
		'filters.from': 'Vistos por primera vez desde',
		'filters.to': 'hasta',
		'filters.with': 'con',
		'filters.anyAttribute': '(cualquier atributo)',
		'filters.in': 'en',
		'filters.clear': 'Quitar filtros'
	},
	nl: {
		'filters.legend': 'Klanten filteren',
		'filters.from': 'Voor het eerst gezien vanaf',
		'filters.to': 'tot',
		'filters.with': 'met',
		'filters.anyAttribute': '(elk kenmerk)',
		'filters.in': 'in',
		'filters.clear': 'Filters wissen'
	}
});
