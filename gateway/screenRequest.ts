import { LRUCache } from 'lru-cache';
import type { GatewayConfig } from './gatewayConfig';
import type { GatewayMetrics } from './gatewayMetrics';
import type { Refusal } from './screenDocument';
import { screenDocument } from './screenDocument';
import { screenVariables } from './screenVariables';

/**
 * How many document verdicts the screen remembers, and how much text with them (least recently used forgotten
 * first): the screen runs before the caller is known, so anyone can fill it, never past these bounds.
 */
const SCREENED_DOCUMENTS = 10_000;
const SCREENED_TEXT_CHARS = 8 * 1024 * 1024;
/** What one remembered verdict holds beyond its text (the cache's entry, the verdict), counted in characters. */
const ENTRY_OVERHEAD = 256;

/**
 * The gateway's screen of a GraphQL request before Apollo Server sees it: its variables (see {@link screenVariables})
 * and its document (see {@link screenDocument}) against the configured limits, counting the nodes it visited and the
 * requests it refused in the metrics. A document text is screened once; its verdict is remembered.
 */
export function screenRequest(config: Pick<GatewayConfig, 'maxTokens' | 'maxSelections' | 'maxStringLength' | 'maxVariablesBytes'>, metrics: GatewayMetrics) {
  // The verdict on a document depends on its text alone: a client repeating its queries is screened once per text.
  const verdicts = new LRUCache<string, { refusal?: Refusal }>({
    max: SCREENED_DOCUMENTS, maxSize: SCREENED_TEXT_CHARS, sizeCalculation: (_, query) => query.length + ENTRY_OVERHEAD,
  });
  const limits = { maxTokens: config.maxTokens, maxSelections: config.maxSelections, maxStringLength: config.maxStringLength };
  // A hash-only persisted query whose document is not registered has no document here: its variables are screened.
  return (query: string | undefined, variables: unknown): Refusal | undefined => {
    const refused = screenVariables(variables, config.maxVariablesBytes, config.maxStringLength);
    if (refused) {
      metrics.screenRefusals.inc({ code: refused.code });
      return refused;
    }
    if (query === undefined) return undefined;
    let verdict = verdicts.get(query);
    if (!verdict) {
      const screening = screenDocument(query, limits);
      metrics.screenVisits.inc(screening.visits);
      verdict = { refusal: screening.refusal };
      verdicts.set(query, verdict);
    }
    if (verdict.refusal) metrics.screenRefusals.inc({ code: verdict.refusal.code });
    return verdict.refusal;
  };
}
