/** Sharing results without data: snapshot links, the one-file report, and what a damaged snapshot says. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'problem.link.mappingInvalid': 'The column mapping in this link is not valid: {detail}.',
		'problem.share.damaged': 'The shared results in this link are damaged (they are not base64url text of a sensible length).',
		'problem.share.unpack': 'The shared results in this link are damaged or cut short; they could not be unpacked.',
		'problem.share.json': 'The shared results are not valid JSON.',
		'problem.share.newer': 'These shared results were made by a newer version of Lifecycle Lens (v{version}).',
		'problem.share.invalid': 'The shared results are not valid: {path} should be {expected}.'
	},
	vi: {
		'problem.link.mappingInvalid': 'Cách ghép cột trong liên kết này không hợp lệ: {detail}.',
		'problem.share.damaged': 'Kết quả được chia sẻ trong liên kết này bị hỏng (không phải văn bản base64url có độ dài hợp lý).',
		'problem.share.unpack': 'Kết quả được chia sẻ trong liên kết này bị hỏng hoặc bị cắt ngắn; không thể giải nén.',
		'problem.share.json': 'Kết quả được chia sẻ không phải là JSON hợp lệ.',
		'problem.share.newer': 'Kết quả được chia sẻ này được tạo bởi phiên bản Lifecycle Lens mới hơn (v{version}).',
		'problem.share.invalid': 'Kết quả được chia sẻ không hợp lệ: {path} phải là {expected}.'
	},
	es: {
		'problem.link.mappingInvalid': 'La asignación de columnas de este enlace no es válida: {detail}.',
		'problem.share.damaged': 'Los resultados compartidos en este enlace están dañados (no son texto base64url de una longitud razonable).',
		'problem.share.unpack': 'Los resultados compartidos en este enlace están dañados o cortados; no se pudieron desempaquetar.',
		'problem.share.json': 'Los resultados compartidos no son JSON válido.',
		'problem.share.newer': 'Estos resultados compartidos se hicieron con una versión más nueva de Lifecycle Lens (v{version}).',
		'problem.share.invalid': 'Los resultados compartidos no son válidos: {path} debería ser {expected}.'
	},
	nl: {
		'problem.link.mappingInvalid': 'De kolomindeling in deze link is niet geldig: {detail}.',
		'problem.share.damaged': 'De gedeelde resultaten in deze link zijn beschadigd (het is geen base64url-tekst van een redelijke lengte).',
		'problem.share.unpack': 'De gedeelde resultaten in deze link zijn beschadigd of afgekapt; ze konden niet worden uitgepakt.',
		'problem.share.json': 'De gedeelde resultaten zijn geen geldige JSON.',
		'problem.share.newer': 'Deze gedeelde resultaten zijn gemaakt met een nieuwere versie van Lifecycle Lens (v{version}).',
		'problem.share.invalid': 'De gedeelde resultaten zijn niet geldig: {path} zou {expected} moeten zijn.'
	}
});
