/**
 * The code of a text's character, or of a field's byte, at `i`. Fields are read from their bytes (import/csv-bytes.ts)
 * or as text, and each shape (a decimal, a day-month date, an order id) has one reading for both, so they cannot disagree.
 */
export const codeAt = (s: string | Uint8Array, i: number): number => (typeof s === 'string' ? s.charCodeAt(i) : s[i]);
