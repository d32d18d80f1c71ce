/**
 * The self-service subscription part of the platform subgraph's SDL: the hub's only mutations. A key holder
 * subscribes a webhook to one product's events, lists and deletes its own subscriptions (see docs/governance.md).
 */
export const SUBSCRIPTION_SDL = `
extend type Query {
  """The caller's own webhook subscriptions, oldest first (empty without an API key)."""
  webhookSubscriptions: [WebhookSubscription!]!
}

type Mutation {
  """
  Subscribes a webhook to the events of one product the caller's key is granted. Deliveries are Standard Webhooks
  signed with the returned secret, which is shown only here. Needs an API key.
  """
  subscribeWebhook(input: SubscribeWebhookInput!): WebhookSubscriptionCreated!
  """Deletes one of the caller's own subscriptions; false when it has none with this id."""
  deleteWebhookSubscription(id: ID!): Boolean!
}

"""What to subscribe to and where to deliver it."""
input SubscribeWebhookInput {
  """\`<domain>.<product>\`, e.g. \`sales.orders\`."""
  product: ID!
  """Where events are POSTed: an absolute https URL (http too in local development)."""
  url: String!
  """Event types: exact (\`snapshot.published\`), a family (\`version.*\`) or \`*\`."""
  eventTypes: [String!]!
}

"""A webhook subscription of the caller's key to one product's events."""
type WebhookSubscription {
  """\`sub_\` and 24 hex digits."""
  id: ID!
  productId: String!
  dataProduct: DataProduct
  url: String!
  eventTypes: [String!]!
  """ISO 8601 UTC."""
  createdAt: String!
}

"""A subscription just created, with its signing secret."""
type WebhookSubscriptionCreated {
  subscription: WebhookSubscription!
  """
  The Standard Webhooks signing secret (\`whsec_<base64>\`): verify each delivery's \`webhook-signature\` with it. Shown
  only in this answer; the hub keeps it sealed for signing.
  """
  secret: String!
}
`;
