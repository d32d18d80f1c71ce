import { parse } from 'graphql';
import type { DocumentNode } from 'graphql';
import { PLATFORM_SUBGRAPH_NAME } from '../contract/domainRegistry';
import { GOVERNANCE_SDL } from './governanceSdl';
import { LINEAGE_SDL } from './lineageSdl';
import { SUBSCRIPTION_SDL } from './subscriptionTypeDefs';
import { USAGE_SDL } from './usageTypeDefs';

/** The name the platform's catalog subgraph goes by in the supergraph and in `schema/domains.yaml`. */
export const CATALOG_SUBGRAPH_NAME = PLATFORM_SUBGRAPH_NAME;

/**
 * The SDL of the platform's catalog subgraph. It owns `DataProduct` (id `<domain>.<product>`); domain subgraphs
 * reference it by id from their connection types' `dataProduct` field.
 */
export const CATALOG_SDL = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

type Query {
  """Every data product the hub knows, optionally only those of one domain, sorted by id."""
  dataProducts(domain: String): [DataProduct!]!
  """One data product by id (\`<domain>.<product>\`, e.g. \`sales.orders\`), or null when there is none."""
  dataProduct(id: ID!): DataProduct
  """Every table-level lineage edge of the hub (build SQL inputs, declared upstream, column references), sorted by from, to, kind."""
  lineageEdges: [LineageEdge!]!
}

"""A data product: one contract in \`schema/<domain>/<product>.yaml\` and the snapshots published under it."""
type DataProduct @key(fields: "id") {
  """\`<domain>.<product>\`, e.g. \`sales.orders\`."""
  id: ID!
  domain: String!
  """The product name within its domain, e.g. \`orders\`."""
  name: String!
  """The GraphQL entity name without its version suffix, e.g. \`Order\` (served as \`OrderV2\`)."""
  entity: String!
  """Team handle that owns the product; questions and alerts go there."""
  owner: String!
  """Owner handles of consuming teams told of the product's events (the contract's \`subscribers\`), sorted."""
  subscribers: [String!]!
  """What to do when the product is late or failing (the contract's \`runbook\`), or null."""
  runbook: String
  description: String!
  """The freshness SLO, judged on the latest snapshot's publishedAt."""
  freshnessSlo: FreshnessSlo!
  """Freshness of the current version's latest snapshot against the SLO (ERROR when never published)."""
  freshness: FreshnessStatus!
  """The version whose status is CURRENT."""
  currentVersion: Int!
  """Every major version, newest first."""
  versions: [DataProductVersion!]!
  """One major version, or null."""
  version(version: Int!): DataProductVersion
  """Declared upstream sources (from the contract's lineage); those that are products of this hub link to them."""
  upstream: [LineageSource!]!
  """Products of this hub built from this one, declaring it upstream or referencing one of its columns, sorted by id."""
  downstream: [DataProduct!]!
  """The medallion layer the contract declares, or null when it declares none."""
  layer: Layer
  """How the product is built from other products (\`build.sql\`), or null when it is published from input files."""
  build: ProductBuild
  """One-hop table-level edges into this product: what it is built from, declares upstream or references."""
  upstreamEdges: [LineageEdge!]!
  """One-hop table-level edges out of this product: the products built from it, declaring it or referencing it."""
  downstreamEdges: [LineageEdge!]!
  """Column-level edges into the current version's columns: from its build SQL (VALUE) and its columns' references (REFERENCE)."""
  columnLineage: [ColumnLineageEdge!]!
  """Where the product, or one column of its current version, comes from: the transitive upstream, nearest first."""
  upstreamLineage(column: String): LineageGraph!
  """Who is affected when the product, or one column of its current version, is late or wrong: the transitive downstream."""
  impact(column: String): Impact!
  """Why the product is stale: inputs republished since the snapshot it was built from, or upstream products late against their SLO. Empty when neither."""
  staleBecauseOf: [StaleCause!]!
}

"""How old the latest snapshot may get before the product is reported stale."""
type FreshnessSlo {
  """e.g. \`26h\`"""
  warnAfter: String!
  """e.g. \`48h\`"""
  errorAfter: String!
}

"""A product's freshness against its SLO."""
enum FreshnessStatus {
  FRESH
  WARN
  ERROR
}

"""Lifecycle of a major version."""
enum VersionStatus {
  CURRENT
  DEPRECATED
  RETIRED
}

"""How bad a failed quality test is: ERROR aborts a publish, WARN is only recorded."""
enum TestSeverity {
  ERROR
  WARN
}

"""Whether a quality test passed."""
enum TestStatus {
  PASS
  FAIL
}

"""One declared upstream source."""
type LineageSource {
  """As declared, e.g. \`shop.raw_orders\` or \`customers.customers\`."""
  id: String!
  """The catalog entry when the source is a product of this hub, null for an external source."""
  dataProduct: DataProduct
}

"""One major version of a data product, served side by side with the others until retired."""
type DataProductVersion {
  version: Int!
  status: VersionStatus!
  """ISO date after which a deprecated version is retired."""
  sunset: String
  """ISO date the version was (or will be) deprecated (the contract's \`deprecatedAt\`), or null when not given."""
  deprecatedAt: String
  deprecationReason: String
  """
  For a deprecated version, the version to move to (the current one), else null. A response or export that reads a
  deprecated version carries the \`Deprecation\` and \`Sunset\` headers, a \`Link\` to the successor's page and a
  warning in \`extensions.tessera.warnings\` (docs/graphql-api.md, "Deprecated versions on the wire").
  """
  successorVersion: Int
  """The GraphQL type serving this version, e.g. \`OrderV2\`."""
  typeName: String!
  """Column names of the primary key."""
  primaryKey: [String!]!
  columns: [DataProductColumn!]!
  """Freshness of this version's latest snapshot against the product's SLO."""
  freshness: FreshnessStatus!
  """The newest committed snapshot, or null when the version was never published."""
  latestSnapshot: Snapshot
  """Committed snapshots, newest first; at most \`first\` of them."""
  snapshots(first: Int = 20): [Snapshot!]!
  """The quality test results recorded by the latest snapshot's publish (empty when never published)."""
  qualityTests: [QualityTestResult!]!
}

"""One column of a version."""
type DataProductColumn {
  """The column name in the contract and the parquet files, e.g. \`amount_cents\`."""
  name: String!
  """The GraphQL field serving it, e.g. \`amountCents\`."""
  field: String!
  """The contract's logical type: string, int32, int64, double, decimal(p,s), boolean, date or timestamp."""
  type: String!
  description: String
  """Personally identifiable: only callers granted the pii scope may read it."""
  pii: Boolean!
  """Whether the column is part of the primary key."""
  primaryKey: Boolean!
  """The column of another product this one refers to, or null."""
  references: ColumnReference
  """The column's former name within this major version (the contract's \`renamedFrom\`), or null."""
  renamedFrom: String
  """The GraphQL field of the former name, still served as a deprecated alias of \`field\` in this version, or null."""
  formerField: String
}

"""A reference from a column to a column of another product."""
type ColumnReference {
  """\`<domain>.<product>\` of the referenced product."""
  productId: String!
  column: String!
  """The referenced product's catalog entry, null when it is not a product of this hub."""
  dataProduct: DataProduct
}

"""One committed snapshot: an immutable set of parquet files and its manifest."""
type Snapshot {
  """Snapshot id, e.g. \`20261121T060132123Z-9f2c4a\`; pass it as the \`snapshot\` argument of a list field."""
  id: ID!
  """ISO 8601 UTC time of the commit."""
  publishedAt: String!
  publisher: String!
  """Number of rows, as a string of digits (exact beyond 2^53)."""
  rowCount: String!
  fileCount: Int!
  """Total size of the parquet files in bytes, as a string of digits."""
  bytes: String!
  """sha256 of the version's columns and primary key as published."""
  schemaHash: String!
  tests: [QualityTestResult!]!
  """Provenance: the snapshot of each input this snapshot was built from; empty for a snapshot published from files."""
  builtFrom: [SnapshotInput!]!
}

"""The outcome of one quality test at publish time."""
type QualityTestResult {
  """e.g. \`unique(order_id)\`"""
  name: String!
  kind: String!
  column: String
  severity: TestSeverity!
  status: TestStatus!
  """Number of offending rows or values."""
  failures: Int!
  message: String
}
${LINEAGE_SDL}
${GOVERNANCE_SDL}
${USAGE_SDL}
${SUBSCRIPTION_SDL}`;

/** {@link CATALOG_SDL} parsed, for `buildSubgraphSchema`. */
export function catalogTypeDefs(): DocumentNode {
  return parse(CATALOG_SDL);
}
