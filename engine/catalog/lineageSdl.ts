/**
 * The catalog's lineage types: layers, table- and column-level edges, builds from SQL and their inputs, traces
 * upstream and downstream (impact), stale causes and snapshot provenance. The fields that reach them are on
 * `DataProduct`, `Snapshot` and `Query` in the catalog SDL (catalogTypeDefs.ts).
 */
export const LINEAGE_SDL = `
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
`;
