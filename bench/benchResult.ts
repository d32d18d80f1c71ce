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
  /** Smaller scale first; the last one is the main scale the targets are judged on. */
  scales: ScaleResult[];
  /** Whether the PostgreSQL + PostGraphile peer ran at the main scale, and why not (absent in runs before it existed). */
  peer?: { measured: boolean; reason?: string };
  targets: TargetVerdict[];
}
