/** Rows in the wire format the subgraphs answer with (Long and Decimal as strings, DateTime ISO UTC). */
export type Row = Record<string, string | number | boolean | null>;

/** Generated sample data for the sales, customers and merchandising domains. */
export interface HubData {
  customers: Row[];
  products: Row[];
  ordersV2: Row[];
  ordersV1: Row[];
  orderLines: Row[];
}

/** A small deterministic PRNG (mulberry32), so fixtures are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BASE_ID = 9007199254740990n; // order ids straddle 2^53, where JS numbers lose exactness

function iso(ms: number, micros: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}Z`;
}

/**
 * Generates related rows: customers (some without orders), products, orders v2 (ids beyond 2^53, nulls in the
 * nullable columns, duplicate sort values), orders v1 and order lines referencing them.
 */
export function generateHub(seed: number, sizes = { customers: 40, products: 25, orders: 300 }): HubData {
  const r = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const maybe = <T>(v: T, nullRate = 0.15): T | null => (r() < nullRate ? null : v);
  const customers: Row[] = Array.from({ length: sizes.customers }, (_, i) => ({
    customerId: `C${String(i + 1).padStart(4, '0')}`,
    name: maybe(`${pick(['Ada', 'Bo', 'Cy', 'Di', 'Ed'])} ${pick(['Lee', 'Ng', "O'Neil", 'Smith_', 'Ray%'])}`),
    email: maybe(`c${i + 1}@example.org`),
    country: maybe(pick(['DE', 'FR', 'NL', 'US'])),
    segment: maybe(pick(['consumer', 'business', 'vip'])),
    lifetimeValue: maybe(`${Math.floor(r() * 100000)}.${String(Math.floor(r() * 100)).padStart(2, '0')}`),
    isActive: maybe(r() < 0.7),
    signedUpAt: maybe(iso(Date.UTC(2024, 0, 1) + Math.floor(r() * 700) * 86_400_000 + Math.floor(r() * 86_400) * 1000, Math.floor(r() * 1e6))),
  }));
  const products: Row[] = Array.from({ length: sizes.products }, (_, i) => ({
    productId: `P${String(i + 1).padStart(3, '0')}`,
    name: maybe(`Product ${i + 1}`),
    category: maybe(pick(['books', 'games', 'tools'])),
    price: maybe(`${Math.floor(r() * 500)}.${String(Math.floor(r() * 100)).padStart(2, '0')}`),
    isActive: maybe(r() < 0.8),
    createdAt: maybe(iso(Date.UTC(2023, 5, 1) + Math.floor(r() * 400) * 86_400_000, 0)),
    releasedOn: maybe(new Date(Date.UTC(2022, 0, 1) + Math.floor(r() * 1500) * 86_400_000).toISOString().slice(0, 10)),
  }));
  // Only the first 75% of customers place orders, so some customers have an empty relation.
  const buyers = customers.slice(0, Math.ceil(customers.length * 0.75));
  const ordersV2: Row[] = [];
  const ordersV1: Row[] = [];
  const orderLines: Row[] = [];
  for (let i = 0; i < sizes.orders; i++) {
    const orderId = (BASE_ID + BigInt(i) * 3n).toString();
    const customerId = pick(buyers).customerId as string;
    const orderedAt = iso(Date.UTC(2025, 0, 1) + Math.floor(r() * 600) * 86_400_000 + Math.floor(r() * 24) * 3_600_000, Math.floor(r() * 4) * 250_000);
    const status = maybe(pick(['placed', 'paid', 'shipped', 'cancelled']));
    // Amounts repeat often (sort ties) and include a value beyond 2^53.
    const amount = i === 7 ? '9007199254740993' : String(pick([500, 1250, 1999, 4200, 10000]) + Math.floor(r() * 3));
    ordersV2.push({
      orderId, customerId, amountCents: amount, currency: maybe(pick(['EUR', 'USD', 'GBP'])), status,
      channel: maybe(pick(['web', 'app', 'store'])), isGift: maybe(r() < 0.2), orderedAt,
    });
    ordersV1.push({ orderId, customerId: maybe(customerId, 0.05), amount: maybe(Number(amount) / 100), status, orderedAt: maybe(orderedAt, 0.05) });
    const lines = Math.floor(r() * 4);
    for (let l = 1; l <= lines; l++) {
      orderLines.push({ orderId, lineId: l, productId: pick(products).productId as string, quantity: 1 + Math.floor(r() * 5), unitPrice: maybe(`${Math.floor(r() * 90)}.${String(Math.floor(r() * 100)).padStart(2, '0')}`) });
    }
  }
  return { customers, products, ordersV2, ordersV1, orderLines };
}
