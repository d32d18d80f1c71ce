/**
 * The usage and cost part of the platform subgraph's SDL: answered from the usage log the gateways append to the
 * store (see docs/usage.md). Times are ISO 8601; counts are strings of digits (exact beyond 2^53).
 */
export const USAGE_SDL = `
extend type Query {
  """
  Cost per owning team over a window (ISO 8601 \`since\`, inclusive, default 30 days ago; \`until\`, exclusive,
  default now): requests, bytes scanned and engine time of the products each owner owns, per product and per
  consumer, sorted by owner. Only products the caller is granted count.
  """
  ownerCosts(since: String, until: String): [OwnerCost!]!
}

extend type DataProduct {
  """
  Requests by consumer × version × field over a window (as for \`ownerCosts\`: default the last 30 days), from the
  usage log; null with FORBIDDEN for a caller not granted the product.
  """
  usage(since: String, until: String): [FieldUsage!]
  """Every consumer that read the product over a window (default the last 30 days), sorted; null with FORBIDDEN for a caller not granted the product."""
  consumers(since: String, until: String): [ProductConsumer!]
}

"""Requests of one consumer that selected one field of one version."""
type FieldUsage {
  """The consumer: the API key's subject, or \`anonymous\`."""
  consumer: String!
  version: Int!
  """The GraphQL field, e.g. \`amountCents\`."""
  field: String!
  """The contract column behind the field, null for a relation."""
  column: String
  requests: String!
  """Start (UTC) of the last minute the field was read in."""
  lastReadAt: String!
}

"""One consumer of a product over a window."""
type ProductConsumer {
  """The API key's subject, or \`anonymous\`."""
  consumer: String!
  """Versions it read, ascending."""
  versions: [Int!]!
  requests: String!
  """Rows the subgraphs' SQL returned to its requests."""
  rows: String!
  """Bytes of the parquet column chunks its requests' SQL scanned (see docs/usage.md)."""
  bytesScanned: String!
  """Milliseconds its requests' SQL ran in DuckDB."""
  engineMs: Float!
  """Start (UTC) of the last minute it read the product in."""
  lastReadAt: String!
}

"""What one owning team's products cost over a window."""
type OwnerCost {
  """The team handle of the contracts' \`owner\`."""
  owner: String!
  requests: String!
  bytesScanned: String!
  engineMs: Float!
  """Per product, sorted by id."""
  products: [ProductCost!]!
  """Per consumer of the owner's products, sorted by consumer."""
  consumers: [ConsumerCost!]!
}

"""What one product cost over a window."""
type ProductCost {
  productId: String!
  dataProduct: DataProduct
  requests: String!
  bytesScanned: String!
  engineMs: Float!
}

"""What one consumer's requests to an owner's products cost over a window."""
type ConsumerCost {
  """The API key's subject, or \`anonymous\`."""
  consumer: String!
  requests: String!
  bytesScanned: String!
  engineMs: Float!
}
`;
