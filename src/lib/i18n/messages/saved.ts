/** Dashboards saved in this browser, listed on the home page. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'saved.heading': 'Saved dashboards',
		'saved.none': 'None yet: use "Save dashboard" on a dashboard.',
		'saved.savedOn': 'saved {date}',
		'saved.rename': 'Rename',
		'saved.renamePrompt': 'New name of the dashboard',
		'saved.export': 'Export',
		'saved.delete': 'Delete',
		'saved.deleteLabel': 'Delete saved dashboard {name}',
		'saved.deleteConfirm': 'Delete the saved dashboard "{name}"?',
		'saved.importFile': 'Import a dashboard file',
		'saved.notADashboard': '{file} is not a Lifecycle Lens dashboard: {problem}.',
		'saved.added': 'Added "{name}".'
	},
	vi: {
		'saved.heading': 'Bảng điều khiển đã lưu',
		'saved.none': 'Chưa có: dùng "Lưu bảng điều khiển" trên một bảng điều khiển.',
		'saved.savedOn': 'đã lưu {date}',
		'saved.rename': 'Đổi tên',
		'saved.renamePrompt': 'Tên mới của bảng điều khiển',
		'saved.export': 'Xuất',
		'saved.delete': 'Xóa',
		'saved.deleteLabel': 'Xóa bảng điều khiển đã lưu {name}',
		'saved.deleteConfirm': 'Xóa bảng điều khiển đã lưu "{name}"?',
		'saved.importFile': 'Nhập tệp bảng điều khiển',
		'saved.notADashboard': '{file} không phải là bảng điều khiển của Lifecycle Lens: {problem}.',
		'saved.added': 'Đã thêm "{name}".'
	},
	es: {
		'saved.heading': 'Paneles guardados',
		'saved.none': 'Ninguno todavía: usa "Guardar panel" en un panel.',
		'saved.savedOn': 'guardado el {date}',
		'saved.rename': 'Cambiar nombre',
		'saved.renamePrompt': 'Nuevo nombre del panel',
		'saved.export': 'Exportar',
		'saved.delete': 'Eliminar',
		'saved.deleteLabel': 'Eliminar el panel guardado {name}',
		'saved.deleteConfirm': '¿Eliminar el panel guardado "{name}"?',
		'saved.importFile': 'Importar un archivo de panel',
		'saved.notADashboard': '{file} no es un panel de Lifecycle Lens: {problem}.',
		'saved.added': 'Se agregó "{name}".'
	},
	nl: {
		'saved.heading': 'Bewaarde dashboards',
		'saved.none': 'Nog geen: gebruik "Dashboard bewaren" op een dashboard.',
		'saved.savedOn': 'bewaard op {date}',
		'saved.rename': 'Hernoemen',
		'saved.renamePrompt': 'Nieuwe naam van het dashboard',
		'saved.export': 'Exporteren',
		'saved.delete': 'Verwijderen',
		'saved.deleteLabel': 'Bewaard dashboard {name} verwijderen',
		'saved.deleteConfirm': 'Het bewaarde dashboard "{name}" verwijderen?',
		'saved.importFile': 'Een dashboardbestand importeren',
		'saved.notADashboard': '{file} is geen Lifecycle Lens-dashboard: {problem}.',
		'saved.added': '"{name}" toegevoegd.'
	}
});
