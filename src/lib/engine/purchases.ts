/**
 * The event names that carry money in an orders file, shared by the import (which writes them) and the engine
 * (which counts purchases per order and nets refunds). An orders file becomes one `purchase` per order, valued at the
 * order's revenue, and one `refund` per refund or cancellation, valued at minus the amount refunded.
 */
export const PURCHASE_EVENT = 'purchase';
export const REFUND_EVENT = 'refund';
