import type { CallerIdentity } from '../auth/callerIdentity';
import { ANONYMOUS } from '../auth/callerIdentity';
import { ErrorCode, TesseraError } from '../errors';
import type { SubgraphContext } from '../queryEngine/requestContext';
import type { SubgraphResolverMap } from '../resolvers/subgraphResolverMap';
import { eventPatternsProblem } from '../subscriptions/subscribableEvents';
import type { SubscriptionStore, WebhookSubscription } from '../subscriptions/subscriptionStore';
import { TooManySubscriptionsError } from '../subscriptions/subscriptionStore';
import { webhookUrlProblem } from '../subscriptions/webhookUrl';
import type { ProductCatalog } from './productCatalog';

interface SubscribeInput { product: string; url: string; eventTypes: string[] }

const fail = (code: ErrorCode, message: string): never => {
  throw new TesseraError(code, message).toGraphQLError();
};

function keyHolder(identity: CallerIdentity): string {
  if (identity.subject === ANONYMOUS.subject) fail(ErrorCode.FORBIDDEN, 'expected a caller with an API key to manage webhook subscriptions, got an anonymous one');
  return identity.subject;
}

/** A store failure as the client sees it: the store is unavailable (no key or host in the message). */
function storeFailure(err: unknown): never {
  if (err instanceof TooManySubscriptionsError) fail(ErrorCode.BAD_USER_INPUT, err.message);
  throw new TesseraError(ErrorCode.STORAGE_UNAVAILABLE, 'expected to read or write webhook subscriptions, but the store did not answer').toGraphQLError();
}

/**
 * The resolvers of {@link SUBSCRIPTION_SDL}: a key holder subscribes a webhook to one product it is granted
 * (PRODUCT_NOT_FOUND, FORBIDDEN, BAD_USER_INPUT for a URL or event types that cannot be used), lists and deletes only
 * its own subscriptions (by its key's subject; anonymous callers have none and may create none).
 * @param localDevelopment plain http and loopback webhook URLs are accepted (see webhookUrlProblem).
 */
export function subscriptionResolvers(catalog: ProductCatalog, subscriptions: SubscriptionStore, localDevelopment: boolean): SubgraphResolverMap {
  return {
    Query: {
      webhookSubscriptions: (_: unknown, _args: unknown, ctx: SubgraphContext) =>
        (ctx.identity.subject === ANONYMOUS.subject ? [] : subscriptions.list(ctx.identity.subject).catch(storeFailure)),
    },
    Mutation: {
      subscribeWebhook: async (_: unknown, { input }: { input: SubscribeInput }, ctx: SubgraphContext) => {
        const subject = keyHolder(ctx.identity);
        if (!catalog.product(input.product)) fail(ErrorCode.PRODUCT_NOT_FOUND, `expected a product id such as sales.orders, got ${JSON.stringify(input.product.slice(0, 200))}, which the catalog does not know`);
        if (!ctx.access.grants(input.product)) {
          fail(ErrorCode.FORBIDDEN, `expected a product the key is granted (${ctx.identity.products?.join(', ') || 'none'}), got ${input.product}`);
        }
        const urlProblem = webhookUrlProblem(input.url, localDevelopment);
        if (urlProblem) fail(ErrorCode.BAD_USER_INPUT, `url: ${urlProblem}`);
        const eventProblem = eventPatternsProblem(input.eventTypes);
        if (eventProblem) fail(ErrorCode.BAD_USER_INPUT, `eventTypes: ${eventProblem}`);
        return subscriptions.create({ subject, product: input.product, url: input.url, eventTypes: [...new Set(input.eventTypes)] }).catch(storeFailure);
      },
      deleteWebhookSubscription: (_: unknown, { id }: { id: string }, ctx: SubgraphContext) =>
        subscriptions.delete(keyHolder(ctx.identity), id).catch(storeFailure),
    },
    WebhookSubscription: {
      productId: (s: WebhookSubscription) => s.product,
      dataProduct: (s: WebhookSubscription) => catalog.product(s.product) ?? null,
    },
  };
}
