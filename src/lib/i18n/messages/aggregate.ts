/** A funnel or retention table computed elsewhere (the generated SQL in a warehouse), dropped on the home page. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'aggregate.heading': 'Computed elsewhere: {file}',
		'aggregate.funnelIntro': 'A funnel table (from the SQL that lifecycle-lens sql writes, or an export of this site), drawn as it is. It is not stored; drop the event log itself for every analysis.',
		'aggregate.retentionIntro': 'A cohort retention table (from the SQL that lifecycle-lens sql writes, or an export of this site), drawn as it is. It is not stored; drop the event log itself for every analysis.',
		'aggregate.funnelTitle': 'Funnel ({mode})',
		'aggregate.retentionTitle': 'Cohort retention by {period}',
		'aggregate.close': 'Close'
	},
	vi: {
		'aggregate.heading': 'Được tính ở nơi khác: {file}',
		'aggregate.funnelIntro': 'Một bảng phễu (từ câu SQL do lifecycle-lens sql tạo ra, hoặc tệp xuất từ trang này), được vẽ nguyên trạng. Bảng không được lưu; hãy thả chính nhật ký sự kiện để có mọi phân tích.',
		'aggregate.retentionIntro': 'Một bảng giữ chân theo nhóm (từ câu SQL do lifecycle-lens sql tạo ra, hoặc tệp xuất từ trang này), được vẽ nguyên trạng. Bảng không được lưu; hãy thả chính nhật ký sự kiện để có mọi phân tích.',
		'aggregate.funnelTitle': 'Phễu ({mode})',
		'aggregate.retentionTitle': 'Giữ chân theo nhóm, theo {period}',
		'aggregate.close': 'Đóng'
	},
	es: {
		'aggregate.heading': 'Calculado en otro lugar: {file}',
		'aggregate.funnelIntro': 'Una tabla de embudo (del SQL que escribe lifecycle-lens sql, o una exportación de este sitio), dibujada tal cual. No se guarda; suelta el registro de eventos para tener todos los análisis.',
		'aggregate.retentionIntro': 'Una tabla de retención por cohortes (del SQL que escribe lifecycle-lens sql, o una exportación de este sitio), dibujada tal cual. No se guarda; suelta el registro de eventos para tener todos los análisis.',
		'aggregate.funnelTitle': 'Embudo ({mode})',
		'aggregate.retentionTitle': 'Retención por cohortes por {period}',
		'aggregate.close': 'Cerrar'
	},
	nl: {
		'aggregate.heading': 'Elders berekend: {file}',
		'aggregate.funnelIntro': 'Een trechtertabel (uit de SQL die lifecycle-lens sql schrijft, of een export van deze site), getekend zoals hij is. Hij wordt niet opgeslagen; zet het eventlog zelf neer voor alle analyses.',
		'aggregate.retentionIntro': 'Een tabel met cohortretentie (uit de SQL die lifecycle-lens sql schrijft, of een export van deze site), getekend zoals hij is. Hij wordt niet opgeslagen; zet het eventlog zelf neer voor alle analyses.',
		'aggregate.funnelTitle': 'Trechter ({mode})',
		'aggregate.retentionTitle': 'Cohortretentie per {period}',
		'aggregate.close': 'Sluiten'
	}
});
