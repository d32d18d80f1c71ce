import type { ObjectStore } from '../engine/storage/objectStore';
import { askSubgraph } from './askSubgraph';

/** The body of `/readyz`: every dependency by name, never a URL or host. */
export interface Readiness {
  ready: boolean;
  store: 'ok' | 'unavailable';
  subgraphs: Record<string, 'ok' | 'unavailable'>;
}

/** How long each probe may take: `/readyz` answers within 2 s even when a dependency stalls. */
export const READINESS_TIMEOUT_MS = 1500;

async function probeSubgraph(url: string, secret: string, timeoutMs: number): Promise<boolean> {
  try {
    return (await askSubgraph(url, secret, '{ __typename }', timeoutMs)).status === 200;
  } catch {
    return false;
  }
}

// One listing in flight per store: a store that stalls gets one hanging request, not one per probe of an orchestrator.
const storeProbes = new WeakMap<ObjectStore, Promise<boolean>>();

function listProbe(store: ObjectStore): Promise<boolean> {
  let probe = storeProbes.get(store);
  if (!probe) {
    // A listing of a prefix that holds nothing: proves the store answers without reading anything large.
    probe = store.list('_tessera-readyz/probe').then(() => true, () => false)
      .finally(() => storeProbes.delete(store));
    storeProbes.set(store, probe);
  }
  return probe;
}

async function probeStore(store: ObjectStore, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
  try {
    return await Promise.race([listProbe(store), late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks that the store answers and that every subgraph answers a signed `{ __typename }`, in parallel, each within
 * `timeoutMs` (a dependency that takes longer counts as unavailable, so the answer never waits on a stalled store).
 * @default timeoutMs {@link READINESS_TIMEOUT_MS}
 */
export async function checkReadiness(
  store: ObjectStore,
  subgraphs: readonly { name: string; url: string }[],
  secret: string,
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<Readiness> {
  const [storeOk, ...subgraphOk] = await Promise.all([
    probeStore(store, timeoutMs), ...subgraphs.map((s) => probeSubgraph(s.url, secret, timeoutMs)),
  ]);
  const statuses = Object.fromEntries(subgraphs.map((s, i) => [s.name, subgraphOk[i] ? 'ok' : 'unavailable'] as const));
  return {
    ready: storeOk === true && subgraphOk.every(Boolean),
    store: storeOk ? 'ok' : 'unavailable',
    subgraphs: statuses,
  };
}
