import type { SampleSizes } from '../../engine/sample/sampleSql';
import { customersLatestOrders } from './customersLatestOrders';
import type { QueryFamily } from './family';
import { orderByKey } from './orderByKey';
import { ordersByStatusMonth } from './ordersByStatusMonth';
import { ordersPage } from './ordersPage';
import { ordersWithCustomers } from './ordersWithCustomers';

/** The latency families Q1–Q5 at a scale (Q6, the export, is measured separately). */
export function queryFamilies(sizes: SampleSizes): QueryFamily[] {
  return [orderByKey(sizes), ordersPage(sizes), ordersByStatusMonth(sizes), ordersWithCustomers(sizes), customersLatestOrders(sizes)];
}
