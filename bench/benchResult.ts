import type { RequestCounts } from './measureFamilies';
import type { ScaleResult } from './measureScale';
import type { TargetVerdict } from './targets';

/** The machine a run was measured on. */
export interface MachineInfo {
  nproc: number;
  cpu: string;
  memoryBytes: number;
  node: string;
  platform: string;
}

/** A growth scale whose measurement failed (its store, its hub or a request), and why: the rest of the run is kept. */
export interface FailedScale {
  orders: number;
  reason: string;
}

/** A whole benchmark run, as saved under bench/results/. */
export interface BenchResult {
  startedAt: string;
  finishedAt: string;
  command: string;
  smoke: boolean;
  machine: MachineInfo;
  /** 1, 5 and 15-minute load averages when the run started and ended: other work on the machine skews wall times. */
  loadAverage: { start: number[]; end: number[] };
  settings: { threads: number; memoryLimit: string; counts: RequestCounts; exportRuns: number };
  /**
   * Every scale measured, fewest orders first: the main scale (every query, the targets of {@link mainScaleOf}) and
   * the growth scales (Q1, Q2, Q4, Q5). Runs before `mainOrders` existed have one smaller scale, then the main one.
   */
  scales: ScaleResult[];
  /** Orders at the main scale (absent in older runs, whose main scale is the last). */
  mainOrders?: number;
  /** Growth scales that failed (absent when none did, and in older runs). */
  failedScales?: FailedScale[];
  /** Whether the PostgreSQL + PostGraphile peer ran at the main scale, and why not (absent in runs before it existed). */
  peer?: { measured: boolean; reason?: string };
  targets: TargetVerdict[];
}

/** The main scale of a run: the one holding `mainOrders`, else (older runs) the last. */
export function mainScaleOf(result: Pick<BenchResult, 'scales' | 'mainOrders'>): ScaleResult {
  const main = result.scales.find((s) => s.orders === result.mainOrders) ?? result.scales[result.scales.length - 1];
  if (!main) throw new Error('expected a benchmark result with at least one scale, found none');
  return main;
}
