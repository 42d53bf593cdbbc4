/** The list of datasets on the home page. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'datasets.name': 'Name',
		'datasets.rows': 'Rows',
		'datasets.customers': 'Customers',
		'datasets.dateRange': 'Date range',
		'datasets.rejected': 'Rejected rows',
		'datasets.actions': 'Actions',
		'datasets.sessionOnly': 'this session only',
		'datasets.deleteLabel': 'Delete dataset {name}',
		'datasets.delete': 'Delete'
	},
	vi: {
		'datasets.name': 'Tên',
		'datasets.rows': 'Số dòng',
		'datasets.customers': 'Khách hàng',
		'datasets.dateRange': 'Khoảng thời gian',
		'datasets.rejected': 'Dòng bị loại',
		'datasets.actions': 'Thao tác',
		'datasets.sessionOnly': 'chỉ trong phiên này',
		'datasets.deleteLabel': 'Xóa bộ dữ liệu {name}',
		'datasets.delete': 'Xóa'
	},
	es: {
		'datasets.name': 'Nombre',
		'datasets.rows': 'Filas',
		'datasets.customers': 'Clientes',
		'datasets.dateRange': 'Período',
		'datasets.rejected': 'Filas rechazadas',
		'datasets.actions': 'Acciones',
		'datasets.sessionOnly': 'solo en esta sesión',
		'datasets.deleteLabel': 'Eliminar el conjunto de datos {name}',
		'datasets.delete': 'Eliminar'
	},
	nl: {
		'datasets.name': 'Naam',
		'datasets.rows': 'Rijen',
		'datasets.customers': 'Klanten',
		'datasets.dateRange': 'Periode',
		'datasets.rejected': 'Afgewezen rijen',
		'datasets.actions': 'Acties',
		'datasets.sessionOnly': 'alleen deze sessie',
		'datasets.deleteLabel': 'Dataset {name} verwijderen',
		'datasets.delete': 'Verwijderen'
	}
});
