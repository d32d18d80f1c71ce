import { parse } from 'graphql';
import type { DocumentNode } from 'graphql';
import { PLATFORM_SUBGRAPH_NAME } from '../contract/domainRegistry';
import { GOVERNANCE_SDL } from './governanceSdl';
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

"""Medallion layer of a product."""
enum Layer {
  """Raw data as landed."""
  BRONZE
  """Cleaned and conformed."""
  SILVER
  """Business-level products, often aggregates."""
  GOLD
}

"""Why a table-level lineage edge exists."""
enum LineageEdgeKind {
  """\`to\`'s build SQL reads \`from\`."""
  BUILD
  """\`to\`'s contract lists \`from\` in \`lineage.upstream\`."""
  DECLARED
  """A column of \`to\` references a column of \`from\`."""
  REFERENCE
}

"""A table-level lineage edge: \`to\` is built from, declares or references \`from\`."""
type LineageEdge {
  """A product id (\`<domain>.<product>\`) or, for a declared source outside the hub, the id as declared."""
  from: String!
  """A product id."""
  to: String!
  kind: LineageEdgeKind!
  """The catalog entry of \`from\`, null for a source outside the hub."""
  fromProduct: DataProduct
  toProduct: DataProduct
}

"""A column of one major version of a product: a node of column-level lineage."""
type LineageColumn {
  """\`<domain>.<product>\`"""
  productId: String!
  version: Int!
  """The column name, as in the contract."""
  column: String!
  dataProduct: DataProduct
}

"""Why a column-level lineage edge exists."""
enum ColumnEdgeKind {
  """\`to\`'s values are computed from \`from\`'s (build SQL: expressions, aggregates, window functions, \`*\`)."""
  VALUE
  """\`to\` holds keys of \`from\` (the column's \`references\`)."""
  REFERENCE
}

"""A column-level lineage edge."""
type ColumnLineageEdge {
  from: LineageColumn!
  to: LineageColumn!
  kind: ColumnEdgeKind!
}

"""A product built from SQL over other products."""
type ProductBuild {
  """The SQL file beside the contract, e.g. \`daily_revenue.sql\`."""
  sqlFile: String!
  """The SELECT the build runs, as written in the file."""
  sql: String!
  """The product versions the SQL reads, sorted by id."""
  inputs: [BuildInput!]!
  """What lineage could not follow in the SQL (\`tessera check\` refuses such a build); empty when none."""
  problems: [String!]!
}

"""A product version a build reads."""
type BuildInput {
  productId: String!
  version: Int!
  """True when the SQL names the major version (\`domain.product.v2\`); otherwise it reads the current one."""
  pinned: Boolean!
  dataProduct: DataProduct
}

"""A product reached by a lineage trace."""
type LineageNode {
  """A product id, or (upstream) a declared source outside the hub."""
  productId: String!
  """Hops from the product the trace started at (1 for a direct input or reader)."""
  distance: Int!
  """The columns of its current version the trace reaches; empty when only known at table level."""
  columns: [String!]!
  """The catalog entry, null for a source outside the hub."""
  dataProduct: DataProduct
  """Its owner, null for a source outside the hub."""
  owner: String
  """Owner handles of the teams subscribed to it (the contract's \`subscribers\`)."""
  subscribers: [String!]!
}

"""The part of the lineage graph a trace reaches."""
type LineageGraph {
  """Reached products, nearest first, then by id; the start product is not among them."""
  products: [LineageNode!]!
  """Reached columns."""
  columns: [LineageColumn!]!
  """Table-level edges between the start and the reached products."""
  edges: [LineageEdge!]!
  """Column-level edges followed."""
  columnEdges: [ColumnLineageEdge!]!
}

"""What is affected downstream of a product or a column."""
type Impact {
  """Affected products, nearest first, with their owners and subscribers; the start product is not among them."""
  products: [LineageNode!]!
  """Affected columns."""
  columns: [LineageColumn!]!
  """Table-level edges between the start and the affected products."""
  edges: [LineageEdge!]!
  """Column-level edges followed."""
  columnEdges: [ColumnLineageEdge!]!
  """API keys that read affected fields of the affected products (their current versions) in the last 30 days, from the gateway's usage log, most recent first; only products the caller is granted count."""
  consumers: [ImpactConsumer!]!
}

"""A consumer that read affected fields of one product version recently."""
type ImpactConsumer {
  """The API key id (or \`anonymous\`)."""
  consumer: String!
  productId: String!
  version: Int!
  """The GraphQL fields of the affected columns it read, e.g. \`amountCents\`."""
  fields: [String!]!
  """Reads of them in the window, one per request and field (a request that read two of them counts twice)."""
  requests: Int!
  """ISO 8601 UTC start of the minute of its last read of them."""
  lastReadAt: String!
}

"""Why a product is stale."""
enum StaleReason {
  """An input was republished after the snapshot the product's latest build read."""
  INPUT_REPUBLISHED
  """An upstream product's latest snapshot is late against its freshness SLO."""
  UPSTREAM_LATE
}

"""One reason a product is stale."""
type StaleCause {
  reason: StaleReason!
  """The input or upstream product causing it."""
  productId: String!
  """The major version of that product concerned."""
  version: Int!
  dataProduct: DataProduct
  """Hops from the stale product (1 for a direct input)."""
  distance: Int!
  """INPUT_REPUBLISHED: the snapshot of the input the latest build read."""
  builtFromSnapshot: String
  """The input's latest snapshot (INPUT_REPUBLISHED), or the late product's (UPSTREAM_LATE, null when never published)."""
  latestSnapshot: String
  """UPSTREAM_LATE: the upstream product's freshness (WARN or ERROR)."""
  freshness: FreshnessStatus
  """What happened, in words."""
  message: String!
}

"""The snapshot of one input a built snapshot was built from (provenance)."""
type SnapshotInput {
  productId: String!
  version: Int!
  snapshotId: String!
  """ISO 8601 UTC time that input snapshot was committed."""
  publishedAt: String!
  dataProduct: DataProduct
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
${GOVERNANCE_SDL}
${USAGE_SDL}
${SUBSCRIPTION_SDL}`;

/** {@link CATALOG_SDL} parsed, for `buildSubgraphSchema`. */
export function catalogTypeDefs(): DocumentNode {
  return parse(CATALOG_SDL);
}
