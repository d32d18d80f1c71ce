import type { Kind } from './reference';

/** Field kinds of sales.orders v2, written out independently of the engine's model. */
export const ORDER_KINDS: Record<string, Kind> = {
  orderId: 'Long', customerId: 'String', amountCents: 'Long', currency: 'String', status: 'String', channel: 'String', isGift: 'Boolean', orderedAt: 'DateTime',
};

/** Field kinds of sales.order_lines v1. */
export const LINE_KINDS: Record<string, Kind> = { orderId: 'Long', lineId: 'Int', productId: 'String', quantity: 'Int', unitPrice: 'Decimal' };

/** Every field of orders v2 (no relations), for selections. */
export const ORDER_FIELDS = Object.keys(ORDER_KINDS).join(' ');

/** SCREAMING_SNAKE enum value of a camelCase field. */
export function enumOf(field: string): string {
  return field.replace(/([A-Z])/g, '_$1').toUpperCase();
}
