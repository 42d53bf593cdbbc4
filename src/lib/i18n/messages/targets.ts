/** Targets: a figure against its target (engine/targets.ts), in the stage table, the funnel, the slides and the editor. */
import { defineMessages } from './define';

export default defineMessages({
	en: {
		'targets.rate.met': 'Target {target} met, {by} percentage points above it',
		'targets.rate.missed': 'Target {target} missed, {by} percentage points below it',
		'targets.time.met': 'Target of at most {target} met, {by} under it',
		'targets.time.missed': 'Target of at most {target} missed, {by} over it',
		'targets.points': '{by} pts',
		'targets.heading': 'Targets',
		'targets.conversion': 'Conversion to the next stage at least',
		'targets.median': 'Median time in the stage at most',
		'targets.activeShare': 'Active customers at least',
		'targets.conversionOf': 'Conversion target from {stage} to the next stage, in percent',
		'targets.medianOf': 'Target median days in {stage}',
		'targets.percent': '%',
		'targets.days': 'days',
		'targets.line': 'target {target}'
	},
	vi: {
		'targets.rate.met': 'Đạt mục tiêu {target}, cao hơn {by} điểm phần trăm',
		'targets.rate.missed': 'Không đạt mục tiêu {target}, thấp hơn {by} điểm phần trăm',
		'targets.time.met': 'Đạt mục tiêu tối đa {target}, thấp hơn {by}',
		'targets.time.missed': 'Không đạt mục tiêu tối đa {target}, vượt {by}',
		'targets.points': '{by} điểm',
		'targets.heading': 'Mục tiêu',
		'targets.conversion': 'Chuyển đổi sang giai đoạn tiếp theo ít nhất',
		'targets.median': 'Thời gian trung vị trong giai đoạn tối đa',
		'targets.activeShare': 'Khách hàng hoạt động ít nhất',
		'targets.conversionOf': 'Mục tiêu chuyển đổi từ {stage} sang giai đoạn tiếp theo, theo phần trăm',
		'targets.medianOf': 'Mục tiêu số ngày trung vị trong {stage}',
		'targets.percent': '%',
		'targets.days': 'ngày',
		'targets.line': 'mục tiêu {target}'
	},
	es: {
		'targets.rate.met': 'Objetivo de {target} cumplido, {by} puntos porcentuales por encima',
		'targets.rate.missed': 'Objetivo de {target} no cumplido, {by} puntos porcentuales por debajo',
		'targets.time.met': 'Objetivo de {target} como máximo cumplido, {by} por debajo',
		'targets.time.missed': 'Objetivo de {target} como máximo no cumplido, {by} por encima',
		'targets.points': '{by} pp',
		'targets.heading': 'Objetivos',
		'targets.conversion': 'Conversión a la etapa siguiente de al menos',
		'targets.median': 'Tiempo mediano en la etapa como máximo',
		'targets.activeShare': 'Clientes activos al menos',
		'targets.conversionOf': 'Objetivo de conversión de {stage} a la etapa siguiente, en porcentaje',
		'targets.medianOf': 'Objetivo de días medianos en {stage}',
		'targets.percent': '%',
		'targets.days': 'días',
		'targets.line': 'objetivo {target}'
	},
	nl: {
		'targets.rate.met': 'Doel van {target} gehaald, {by} procentpunt erboven',
		'targets.rate.missed': 'Doel van {target} niet gehaald, {by} procentpunt eronder',
		'targets.time.met': 'Doel van hoogstens {target} gehaald, {by} eronder',
		'targets.time.missed': 'Doel van hoogstens {target} niet gehaald, {by} erboven',
		'targets.points': '{by} pp',
		'targets.heading': 'Doelen',
		'targets.conversion': 'Conversie naar de volgende fase minstens',
		'targets.median': 'Mediane tijd in de fase hoogstens',
		'targets.activeShare': 'Actieve klanten minstens',
		'targets.conversionOf': 'Conversiedoel van {stage} naar de volgende fase, in procent',
		'targets.medianOf': 'Doel voor het mediane aantal dagen in {stage}',
		'targets.percent': '%',
		'targets.days': 'dagen',
		'targets.line': 'doel {target}'
	}
});
