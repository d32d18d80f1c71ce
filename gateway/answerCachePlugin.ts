import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { CATALOG_SUBGRAPH_NAME } from '../engine/catalog/catalogTypeDefs';
import type { FreshnessStatus } from '../engine/snapshot/freshness';
import type { ServedProduct } from '../engine/snapshot/servedProduct';
import type { AnswerCache } from './answerCache/answerCache';
import { answerEtag } from './answerCache/answerEtag';
import { answerKey } from './answerCache/answerKey';
import type { GatewayContext } from './gatewayContext';
import type { GatewayMetrics } from './gatewayMetrics';
import { servedProductsOf } from './servedProductsPlugin';

/** What {@link answerCachePlugin} needs from the gateway. */
export interface AnswerCacheOptions {
  /** The cache, or undefined to tag answers without keeping them. */
  cache?: AnswerCache;
  metrics: GatewayMetrics;
  /** A product's freshness now, from its contract's SLO and the snapshot's publish time. */
  freshness: (product: ServedProduct) => FreshnessStatus;
  /** The `Cache-Control` of an answer: immutable when the request chose its snapshots by an instant. */
  cacheControl: (context: GatewayContext) => string;
}

/**
 * Cacheable answers. A query's answer is a function of its document, variables, the caller's grants and the
 * snapshots it read, all immutable: such an answer gets a strong `ETag` (the HTTP handler answers a matching
 * `If-None-Match` with 304) and a `Cache-Control`, and is kept in the answer cache so a repeated query is answered
 * without asking a subgraph while every snapshot it read is still the request's pin (unless the request says
 * `Cache-Control: no-cache`, which is then not kept either). Only answers without errors
 * that read data products are cacheable: the platform catalog's answers (freshness, usage, deliveries) change with
 * time, and introspection with the schema.
 */
export function answerCachePlugin(options: AnswerCacheOptions): ApolloServerPlugin<GatewayContext> {
  const generations = new WeakMap<GraphQLSchema, number>();
  let generation = 0;
  const generationOf = (schema: GraphQLSchema): number => {
    let g = generations.get(schema);
    if (g === undefined) generations.set(schema, g = ++generation);
    return g;
  };
  return {
    async requestDidStart() {
      let key: string | undefined;
      let hit = false;
      let fresh = false;
      return {
        async didResolveOperation({ operation, request, source, contextValue, schema }) {
          // `source` is the document also when a persisted query sent only its hash.
          if (operation?.operation !== 'query') return;
          key = answerKey({ query: source, operationName: request.operationName, variables: request.variables }, contextValue.identity, generationOf(schema));
        },
        async responseForOperation({ contextValue, request }) {
          // A client asking `Cache-Control: no-cache` (or `no-store`) wants the subgraphs asked. Its answer is not kept
          // either: a client that never takes a cached answer would only pay for serialising it.
          fresh = /\bno-(cache|store)\b/i.test(request.http?.headers.get('cache-control') ?? '');
          const answer = key && !fresh ? options.cache?.get(key, contextValue.pins) : undefined;
          if (!answer) return null;
          hit = true;
          options.metrics.answerCache.inc({ outcome: 'hit' });
          contextValue.products = answer.products.map((p) => ({ ...p, freshness: options.freshness(p) }));
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: JSON.parse(answer.result) as Record<string, unknown> } };
        },
        async willSendResponse({ response, contextValue }) {
          if (!key || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const products = servedProductsOf(contextValue);
          const asked = [...contextValue.subgraphs ?? []];
          const cacheable = hit || (!result.errors?.length && result.data != null && (response.http.status ?? 200) === 200
            && products.length > 0 && asked.length > 0 && !asked.includes(CATALOG_SUBGRAPH_NAME));
          if (!cacheable) return;
          if (!hit && !fresh && options.cache) {
            const kept = options.cache.set(key, JSON.stringify({ data: result.data }), products, contextValue.pins);
            options.metrics.answerCache.inc({ outcome: kept ? 'miss' : 'uncacheable' });
          }
          response.http.headers.set('etag', answerEtag(key, products));
          response.http.headers.set('cache-control', options.cacheControl(contextValue));
        },
      };
    },
  };
}
