// The shapes of the catalog answers the page reads (see engine/catalog/catalogTypeDefs.ts). Types only: the browser
// never loads this file.

export type Freshness = 'FRESH' | 'WARN' | 'ERROR';

export interface QualityTest {
  name: string;
  kind?: string;
  column?: string | null;
  severity: 'ERROR' | 'WARN';
  status: 'PASS' | 'FAIL';
  failures: number;
  message?: string | null;
}

export interface SnapshotSummary {
  id: string;
  publishedAt: string;
  rowCount: string;
  publisher?: string;
  fileCount?: number;
  bytes?: string;
  /** Provenance: the input snapshots a built snapshot was built from. */
  builtFrom?: { productId: string; version: number; snapshotId: string; publishedAt: string }[];
}

export interface LineageEdge {
  from: string;
  to: string;
  kind: 'BUILD' | 'DECLARED' | 'REFERENCE';
}

export interface LineageColumn {
  productId: string;
  version: number;
  column: string;
}

export interface ColumnLineageEdge {
  from: LineageColumn;
  to: LineageColumn;
  kind: 'VALUE' | 'REFERENCE';
}

export interface LineageNode {
  productId: string;
  distance: number;
  columns: string[];
  owner: string | null;
  subscribers: string[];
  dataProduct: { id: string; freshness: Freshness } | null;
}

export interface ColumnTrace {
  upstreamLineage: { products: LineageNode[]; columnEdges: ColumnLineageEdge[] };
  impact: { products: LineageNode[]; columnEdges: ColumnLineageEdge[] };
}

export interface Consumer {
  consumer: string;
  versions: number[];
  requests: string;
  lastReadAt: string;
}

export interface Column {
  name: string;
  field: string;
  type: string;
  description: string | null;
  pii: boolean;
  primaryKey: boolean;
  references: { productId: string; column: string } | null;
  /** The column's former name and its deprecated alias field, when the catalog has them. */
  renamedFrom?: string | null;
  formerField?: string | null;
}

export interface VersionSummary {
  version: number;
  status: 'CURRENT' | 'DEPRECATED' | 'RETIRED';
  sunset: string | null;
  deprecationReason: string | null;
  /** Present when the catalog has it. */
  deprecatedAt?: string | null;
  successorVersion?: number | null;
  freshness: Freshness;
  latestSnapshot: SnapshotSummary | null;
  qualityTests: QualityTest[];
}

export interface VersionDetail extends VersionSummary {
  typeName: string;
  primaryKey: string[];
  columns: Column[];
  snapshots: SnapshotSummary[];
}

export interface ProductSummary {
  id: string;
  domain: string;
  name: string;
  owner: string;
  description: string;
  freshness: Freshness;
  currentVersion: number;
  freshnessSlo: { warnAfter: string; errorAfter: string };
  layer?: 'BRONZE' | 'SILVER' | 'GOLD' | null;
  subscribers?: string[];
  upstream: { id: string; dataProduct: { id: string } | null }[];
  downstream: { id: string }[];
  versions: VersionSummary[];
}

export interface ProductDetail extends ProductSummary {
  versions: VersionDetail[];
  runbook?: string | null;
  build?: { sqlFile: string; sql: string; inputs: { productId: string; version: number; pinned: boolean }[]; problems: string[] } | null;
  columnLineage?: ColumnLineageEdge[];
  impact?: { products: LineageNode[] };
  staleBecauseOf?: { reason: string; productId: string; version: number; distance: number; message: string }[];
}

export interface ImpactConsumer {
  consumer: string;
  productId: string;
  version: number;
  fields: string[];
  lastReadAt: string;
}
