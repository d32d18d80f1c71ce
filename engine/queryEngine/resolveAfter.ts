import type { CursorPosition } from '../query/cursor';
import { cursorRowNeeded, resolvedPosition } from '../query/cursor';
import type { KeysetPosition, SortKey } from '../query/queryPlan';
import type { OpenSnapshot, QueryEngine } from './queryEngine';
import type { SubgraphContext } from './requestContext';
import { admissionOf, scanCost } from './statementCost';

/**
 * The keyset position of a decoded `after` cursor in the snapshot read: as it is, or, when it carries long values as
 * digests, with those values read back from the cursor's row (one statement).
 * @throws TesseraError BAD_USER_INPUT when the cursor's row is not in this snapshot.
 */
export async function resolveAfter(engine: QueryEngine, ctx: SubgraphContext, snapshot: OpenSnapshot, keys: SortKey[], position: CursorPosition | undefined): Promise<KeysetPosition | undefined> {
  if (!position) return undefined;
  if (!cursorRowNeeded(position)) return resolvedPosition(position, []);
  const values = await engine.run(snapshot, (x) => x.cursorRow(snapshot, keys, position, admissionOf(ctx, scanCost(snapshot))));
  return resolvedPosition(position, values);
}
