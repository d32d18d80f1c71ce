import type { CallerIdentity } from '../auth/callerIdentity';
import { hasScope } from '../auth/callerIdentity';
import type { TestResult } from '../snapshot/manifest';

/** `, e.g. "a", null, "b"` at the end of a message: the offending values a publish sampled (JSON strings or null). */
const SAMPLED_VALUES = /, e\.g\. (?:null|"(?:[^"\\]|\\.)*")(?:, (?:null|"(?:[^"\\]|\\.)*"))*$/;

function withoutValues(test: TestResult, why: string): string | undefined {
  const message = test.message;
  if (!message || !message.includes('"')) return message;
  const stripped = message.replace(SAMPLED_VALUES, '');
  // Anything still quoted may be a value in a format this code does not know: say only how many failed.
  const safe = stripped.includes('"')
    ? `expected none, found ${test.failures} failing ${test.failures === 1 ? 'value' : 'values'}`
    : stripped;
  return `${safe} (values withheld: ${why})`;
}

/**
 * The quality test results of a product version as `identity` may see them in the catalog. Every caller sees every
 * product's entry, its tests, their status and failure counts (the catalog is how one finds what to ask access
 * for); but the values a publish quoted in a failure message are data: they are withheld from a caller not granted
 * the product, and, for a pii column, from a caller without the pii scope (publishes withhold those already; older
 * manifests may not have).
 * @param piiColumns names of the version's pii columns.
 */
export function visibleTestResults(tests: readonly TestResult[], productId: string, piiColumns: ReadonlySet<string>,
  identity: CallerIdentity): TestResult[] {
  const granted = !identity.products || identity.products.includes(productId);
  const pii = hasScope(identity, 'pii');
  return tests.map((t) => {
    if (!granted) return { ...t, message: withoutValues(t, `${productId} is not granted to this caller`) };
    if (t.column && piiColumns.has(t.column) && !pii) return { ...t, message: withoutValues(t, 'pii column') };
    return t;
  });
}
