import { GraphQLError } from 'graphql';
import { ErrorCode } from '../engine/errors';
import type { ProductModel } from '../engine/model/productModel';
import { dateTimeMicros, parseDateTime } from '../engine/query/dateTimeText';
import type { SnapshotPins } from '../engine/snapshot/snapshotPins';
import { pinKey } from '../engine/snapshot/snapshotPins';
import type { SnapshotReader } from '../engine/snapshot/snapshotReader';
import { httpErrorExtensions } from './httpErrorExtensions';
import type { RequestPins } from './requestPins';
import type { OperationText, TravelArgument } from './travelArguments';
import { travelArguments } from './travelArguments';
import { modelsByRootField } from './rootFields';

/** The millisecond of an `asOf` (rounded down, as subgraphs compare it with `publishedAt`), or undefined when malformed. */
function asOfMillis(asOf: string): number | undefined {
  try {
    const { micros } = dateTimeMicros(parseDateTime(asOf));
    return Number(micros / 1000n - (micros % 1000n < 0n ? 1n : 0n));
  } catch {
    return undefined;
  }
}

/**
 * Time travel through joins: a request whose root fields say `asOf` (or `snapshot`) reads every product it reaches,
 * through relations and entity fetches in any subgraph, as of that instant (a `snapshot`'s instant is its
 * `publishedAt`). Chooses the request's pins from its operation; a request that does not travel gets the latest.
 */
export class TravelPins {
  private byField = new Map<string, ProductModel>();

  constructor(models: readonly ProductModel[], private readonly pins: RequestPins, private readonly reader: SnapshotReader) {
    this.setModels(models);
  }

  /** Follows a new set of product versions (a changed supergraph). */
  setModels(models: readonly ProductModel[]): void {
    this.byField = modelsByRootField(models);
  }

  /**
   * The pins of a request. A malformed `asOf` or an unknown `snapshot` does not set the instant: the field that
   * names it answers its own error.
   * @throws GraphQLError BAD_USER_INPUT (HTTP 400) when the arguments name more than one instant.
   */
  async forRequest(operation: OperationText | undefined): Promise<SnapshotPins> {
    const args = operation ? travelArguments(operation, this.byField) : [];
    if (!args.length) return this.pins.pins();
    const instants = new Map<number, string>();
    const exact: Record<string, string> = {};
    await Promise.all(args.map(async (a) => {
      const at = a.asOf !== undefined ? asOfMillis(a.asOf) : await this.publishedAt(a);
      if (at === undefined) return;
      instants.set(at, a.asOf !== undefined ? `asOf ${a.asOf} on ${a.model.listField}` : `snapshot ${a.snapshot} of ${a.model.qualified}`);
      if (a.snapshot !== undefined) exact[pinKey(a.model.qualified, a.model.version.version)] = a.snapshot;
    }));
    if (instants.size > 1) {
      throw new GraphQLError('expected the snapshot and asOf arguments of one request to name one instant ' +
        `(every product the request reaches is read as of it), got ${[...instants.values()].join(', ')}`, { extensions: httpErrorExtensions(ErrorCode.BAD_USER_INPUT) });
    }
    const [at] = [...instants.keys()];
    return at === undefined ? this.pins.pins() : this.pins.at(new Date(at), exact);
  }

  private async publishedAt(a: TravelArgument): Promise<number | undefined> {
    try {
      const m = await this.reader.manifest({ domain: a.model.contract.domain, product: a.model.contract.product, version: a.model.version.version }, a.snapshot!);
      return m.version === a.model.version.version ? Date.parse(m.publishedAt) : undefined;
    } catch {
      return undefined;
    }
  }
}
