import type { StatementRead } from '../query/executor';
import type { Manifest } from '../snapshot/manifest';
import type { ScanUsage } from './scanUsage';
import { mergeScanUsage } from './scanUsage';
import { qualifiedName } from '../contract/types';

/**
 * What one subgraph request's statements read, collected as they finish (the executor measures each beside it),
 * summed per product version and snapshot when the response is sent. A statement's files name its snapshot: the
 * query engine tells this object which files each snapshot it opened for the request has.
 */
export class RequestUsage {
  private readonly pending: Promise<StatementRead | undefined>[] = [];
  private readonly snapshotOf = new Map<string, Manifest>();

  /** Records the local files of a snapshot the request opened. */
  opened(manifest: Manifest, files: readonly string[]): void {
    for (const f of files) this.snapshotOf.set(f, manifest);
  }

  /** Adds one statement's measurement; a measurement that fails counts nothing rather than failing the request. */
  add(read: Promise<StatementRead>): void {
    this.pending.push(read.catch(() => undefined));
  }

  /** Everything added so far, summed per product, version and snapshot; a statement over files never opened counts nothing. */
  async settled(): Promise<ScanUsage[]> {
    const entries: ScanUsage[] = [];
    for (const read of await Promise.all(this.pending)) {
      const m = read?.files[0] === undefined ? undefined : this.snapshotOf.get(read.files[0]);
      if (!read || !m) continue;
      entries.push({
        product: qualifiedName(m), version: m.version, snapshot: m.snapshotId, statements: 1,
        rows: read.rows, bytesScanned: read.bytesScanned, engineMs: read.engineMs,
      });
    }
    return mergeScanUsage(entries);
  }
}
