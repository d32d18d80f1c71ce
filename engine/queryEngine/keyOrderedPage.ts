import type { ProductModel } from '../model/productModel';
import type { Row } from '../query/executor';
import { filesInKeyOrder } from '../query/filesForKeys';
import type { PagedQuery } from '../query/planList';
import { listPlan } from '../query/planList';
import type { KeysetPosition } from '../query/queryPlan';
import type { OpenSnapshot, QueryEngine } from './queryEngine';
import type { SubgraphContext } from './requestContext';
import { admissionOf, pageCost } from './statementCost';

/**
 * The rows of a page sorted by the primary key alone (every list's default order), read file by file in key order
 * instead of in one statement over the whole snapshot: publish writes files sorted by key, so the first rows of the
 * page are in the first files that hold matching rows, and a statement over all files would read every row past the
 * cursor or filter to sort them (a page of the first 1,000 orders from an id reads 1,000 rows, not the rest of
 * 20 million). Rounds read 1, 2, 4, … files, so a selective filter costs a few statements more, never one per file.
 * Undefined when the page is not ordered by a single-column primary key or the files' key ranges do not prove their
 * order (the caller then runs one statement).
 */
export async function keyOrderedRows(engine: QueryEngine, ctx: SubgraphContext, model: ProductModel, snapshot: OpenSnapshot, page: PagedQuery,
  after: KeysetPosition | undefined): Promise<Row[] | undefined> {
  const key = model.primaryKey[0];
  const [sort] = page.orderBy;
  if (!key || !sort || model.primaryKey.length !== 1 || page.orderBy.length !== 1 || sort.column !== key) return undefined;
  const ordered = filesInKeyOrder(snapshot.manifest.files, snapshot.files, key);
  if (!ordered || ordered.length < 2) return undefined;
  const files = sort.descending ? ordered.reverse() : ordered;
  const want = page.first + 1;
  const rows: Row[] = [];
  for (let next = 0, round = 1; next < files.length && rows.length < want; next += round, round *= 2) {
    const source = { ...snapshot, files: files.slice(next, next + round) };
    const plan = { ...listPlan(page, source, after), limit: want - rows.length };
    rows.push(...await engine.run(source, (x) => x.list(plan, admissionOf(ctx, pageCost(source, plan.limit)))));
  }
  return rows;
}
