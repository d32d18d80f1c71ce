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
}

export interface Column {
  name: string;
  field: string;
  type: string;
  description: string | null;
  pii: boolean;
  primaryKey: boolean;
  references: { productId: string; column: string } | null;
}

export interface VersionSummary {
  version: number;
  status: 'CURRENT' | 'DEPRECATED' | 'RETIRED';
  sunset: string | null;
  deprecationReason: string | null;
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
  layer?: string | null;
  subscribers?: { team: string }[];
  consumers?: { key: string; lastSeenAt?: string | null }[];
  upstream: { id: string; dataProduct: { id: string } | null }[];
  downstream: { id: string }[];
  versions: VersionSummary[];
}

export interface ProductDetail extends ProductSummary {
  versions: VersionDetail[];
}
