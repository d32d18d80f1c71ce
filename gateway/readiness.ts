import type { ObjectStore } from '../engine/storage/objectStore';
import { askSubgraph } from './askSubgraph';

/** The body of `/readyz`: every dependency by name, never a URL or host. */
export interface Readiness {
  ready: boolean;
  store: 'ok' | 'unavailable';
  subgraphs: Record<string, 'ok' | 'unavailable'>;
}

async function probeSubgraph(url: string, secret: string, timeoutMs: number): Promise<boolean> {
  try {
    return (await askSubgraph(url, secret, '{ __typename }', timeoutMs)).status === 200;
  } catch {
    return false;
  }
}

async function probeStore(store: ObjectStore): Promise<boolean> {
  try {
    // A listing of a prefix that holds nothing: proves the store answers without reading anything large.
    await store.list('_tessera-readyz/probe');
    return true;
  } catch {
    return false;
  }
}

/** Checks that the store answers and that every subgraph answers a signed `{ __typename }`, in parallel. */
export async function checkReadiness(
  store: ObjectStore,
  subgraphs: readonly { name: string; url: string }[],
  secret: string,
  timeoutMs = 2000,
): Promise<Readiness> {
  const [storeOk, ...subgraphOk] = await Promise.all([
    probeStore(store), ...subgraphs.map((s) => probeSubgraph(s.url, secret, timeoutMs)),
  ]);
  const statuses = Object.fromEntries(subgraphs.map((s, i) => [s.name, subgraphOk[i] ? 'ok' : 'unavailable'] as const));
  return {
    ready: storeOk === true && subgraphOk.every(Boolean),
    store: storeOk ? 'ok' : 'unavailable',
    subgraphs: statuses,
  };
}
