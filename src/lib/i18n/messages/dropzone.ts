/** The drop zone that takes a file, on the home page and on a dashboard that needs its file. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'dropzone.title': 'Drop a file here',
		'dropzone.hint': 'or click to choose one: an event log, orders, a CRM export with stage dates, or current stages, as CSV, TSV, JSON or JSON Lines (gzipped or not), an Excel (.xlsx) or OpenDocument (.ods) spreadsheet, or a Parquet file.'
	},
	vi: {
		'dropzone.title': 'Thả tệp vào đây',
		'dropzone.hint': 'hoặc nhấp để chọn tệp: nhật ký sự kiện, đơn hàng, tệp xuất CRM có ngày của từng giai đoạn, hoặc giai đoạn hiện tại, dạng CSV, TSV, JSON hoặc JSON Lines (có nén gzip hay không đều được), bảng tính Excel (.xlsx) hay OpenDocument (.ods), hoặc tệp Parquet.'
	},
	es: {
		'dropzone.title': 'Suelta un archivo aquí',
		'dropzone.hint': 'o haz clic para elegir uno: un registro de eventos, pedidos, una exportación de CRM con fechas por etapa o las etapas actuales, en CSV, TSV, JSON o JSON Lines (comprimido con gzip o no), una hoja de cálculo de Excel (.xlsx) u OpenDocument (.ods), o un archivo Parquet.'
	},
	nl: {
		'dropzone.title': 'Sleep een bestand hierheen',
		'dropzone.hint': 'of klik om er een te kiezen: een gebeurtenislog, bestellingen, een CRM-export met datums per fase, of huidige fases, als CSV, TSV, JSON of JSON Lines (gegzipt of niet), een Excel- (.xlsx) of OpenDocument-spreadsheet (.ods), of een Parquet-bestand.'
	}
});
