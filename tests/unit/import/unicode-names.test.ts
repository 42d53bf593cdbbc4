/**
 * Names typed in NFD (a letter, then its combining accents: how macOS file names and some exports encode
 * Vietnamese and Spanish) must match the vocabularies, which are written in NFC (issue 19).
 */
import { describe, expect, it } from 'vitest';
import { classify } from '../../../src/lib/engine/classify';
import { funnel } from '../../../src/lib/engine/funnel';
import { journey5, normalizeName } from '../../../src/lib/engine/model';
import { recommendModel } from '../../../src/lib/engine/recommend-model';
import { detectMapping, normalizeHeader, stageDateEvent } from '../../../src/lib/import/roles';
import { orderStatus } from '../../../src/lib/import/orders';
import { day, tableOf, type Row } from '../../helpers/tables';

const nfd = (text: string) => text.normalize('NFD');

describe('the test input really is NFD', () => {
	it('differs from NFC in its code units', () => {
		expect(nfd('số đơn hàng')).not.toBe('số đơn hàng');
		expect(nfd('số đơn hàng').length).toBeGreaterThan('số đơn hàng'.length);
		expect(nfd('mua hàng')).not.toBe('mua hàng');
	});
});

describe('column names in NFD', () => {
	it.each([
		['Số đơn hàng', 'sodonhang'],
		['Mã khách hàng', 'makhachhang'],
		['Ngày', 'ngay'],
		['Số lượng', 'soluong'],
		['Đơn giá', 'dongia'],
		['Acción', 'accion']
	])('%s normalises as its NFC form does', (header, expected) => {
		expect(normalizeHeader(nfd(header))).toBe(expected);
		expect(normalizeHeader(nfd(header))).toBe(normalizeHeader(header));
	});

	it('a Vietnamese order-lines export with NFD headers maps as the NFC one does', () => {
		const header = ['Số đơn hàng', 'Mã khách hàng', 'Ngày', 'Số lượng', 'Đơn giá'];
		const rows = [
			['DH1', 'KH1', '2024-03-01', '2', '50000'],
			['DH1', 'KH1', '2024-03-01', '1', '20000'],
			['DH2', 'KH2', '2024-03-02', '3', '10000'],
			['DH3', 'KH1', '2024-03-09', '1', '70000']
		];
		const roles = (h: string[]) => detectMapping(h, rows).mapping.columns.map((c) => c.role);
		expect(roles(header)).toEqual(['order', 'customer', 'timestamp', 'quantity', 'unit-price']);
		expect(roles(header.map(nfd))).toEqual(roles(header));
	});

	it('an NFD HubSpot stage name becomes the NFC event name', () => {
		expect(stageDateEvent(nfd('Became a Cliente Potencial Señalado Date'))).toBe('cliente potencial señalado');
	});
});

describe('event names in NFD', () => {
	it('compare equal to their NFC form, ignoring case', () => {
		expect(normalizeName(nfd('Mua Hàng'))).toBe(normalizeName('mua hàng'));
		expect(normalizeName(nfd('Đăng ký'))).toBe('đăngký');
	});

	it('a Vietnamese log typed in NFD enters the customer journey’s stages and opens on it', () => {
		const rows: Row[] = [
			['a', day(1), nfd('xem trang')],
			['a', day(2), nfd('đăng ký')],
			['a', day(3), nfd('mua hàng'), 200_000],
			['a', day(9), nfd('mua hàng'), 150_000],
			['b', day(1), nfd('xem trang')],
			['b', day(4), nfd('đăng ký')],
			['c', day(2), nfd('xem trang')],
			['d', day(2), nfd('đăng ký')],
			['d', day(5), nfd('mua hàng'), 90_000],
			['d', day(7), nfd('đánh giá')]
		];
		const table = tableOf(rows);
		// As in the NFC case (recommend-model.test.ts): reach 4, acquisition 3 (a, b, d), conversion 2, retention 2, loyalty 1.
		expect(funnel(classify(table, journey5), journey5).steps.map((s) => s.count)).toEqual([4, 3, 2, 2, 1]);
		expect(recommendModel(table)).toMatchObject({ kind: 'vocabulary', templateId: 'journey5' });
	});
});

describe('order status values in NFD', () => {
	it('read as their NFC form', () => {
		expect(orderStatus(nfd('Đã hủy'))).toBe('refunded');
		expect(orderStatus(nfd('Thất bại'))).toBe('failed');
		expect(orderStatus(nfd('Reembolsado'))).toBe('refunded');
	});
});
