/**
 * The catalog's view of the governance monitor's outbox: the events it enqueued and every delivery attempt with its
 * outcome. Webhook URLs are not shown (they may carry tokens), nor payloads (a failure message may quote data).
 */
export const GOVERNANCE_SDL = `
extend type Query {
  """Governance events the monitor enqueued, newest first: optionally of one product (\`<domain>.<product>\`) or type."""
  governanceEvents(product: ID, type: String, first: Int = 20): [GovernanceEvent!]!
}

extend type DataProduct {
  """Governance events about this product, newest first (see docs/governance.md)."""
  events(type: String, first: Int = 20): [GovernanceEvent!]!
}

"""One event of the monitor: its id is the \`webhook-id\` of every delivery, the same on every attempt."""
type GovernanceEvent {
  id: ID!
  """e.g. \`freshness.warn\`, \`snapshot.published\`, \`version.sunset_approaching\`"""
  type: String!
  """ISO 8601 UTC: when it happened (or, for a life-cycle event, when it was first seen)."""
  timestamp: String!
  """\`<domain>.<product>\`"""
  product: String!
  version: Int!
  owner: String!
  """The snapshot it concerns, where there is one."""
  snapshot: String
  """When the monitor enqueued it."""
  enqueuedAt: String!
  """One delivery per channel it was routed to."""
  deliveries: [WebhookDelivery!]!
}

"""Where a delivery stands: PENDING until acknowledged, DEAD after its last retry, CANCELLED when its channel went away."""
enum DeliveryState {
  PENDING
  DELIVERED
  DEAD
  CANCELLED
}

"""One event's delivery to one channel."""
type WebhookDelivery {
  """Who the channel belongs to: an owner handle, or a subscriber."""
  recipient: String!
  state: DeliveryState!
  """Attempts in order; each had the same webhook-id."""
  attempts: [WebhookAttempt!]!
  """When it reached DELIVERED, DEAD or CANCELLED."""
  finishedAt: String
}

"""The result of one attempt: LOST when the monitor making it stopped before recording it (it is retried)."""
enum AttemptResult {
  SUCCESS
  FAILURE
  IN_FLIGHT
  LOST
}

"""One attempt to deliver an event."""
type WebhookAttempt {
  number: Int!
  """When it started."""
  at: String
  result: AttemptResult!
  """The receiver's HTTP status, when it answered."""
  httpStatus: Int
  """Why it failed, in a few words."""
  error: String
  durationMs: Int
}
`;
