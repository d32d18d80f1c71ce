import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';

/** One process of the hub. */
export interface HubProcess {
  name: string;
  pid: number;
  url: string;
  child: ChildProcess;
}

/** What to start a hub process with. */
export interface ProcessSpec {
  name: string;
  /** Entry file, relative to the repository root (or to `cwd` when given). */
  entry: string;
  /** Its arguments (the subgraph runner takes the subgraph's name). @default none */
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** Extra node flags (e.g. `--cpu-prof`). */
  nodeFlags?: string[];
  /** How long it may take to report ready. @default 120000 */
  readyTimeoutMs?: number;
  /**
   * `inherit`: its output goes to this process's (npm start shows subgraph logs); `tail`: kept, the last few KB
   * quoted when it fails to start (the benchmark, tests). @default tail
   */
  output?: 'inherit' | 'tail';
}

const REPO_ROOT = join(__dirname, '..');

const TAIL_CHARS = 4000;

/**
 * Starts a hub entry point (a subgraph through `cli/subgraph.ts <name>`, the gateway) as a child process of this
 * one, in working directory `cwd` (default this process's): node itself runs it (through tsx's loader, so the pid is
 * the server's own and its RSS is the server's), with an IPC channel on which it reports `{ type: 'ready', url }`.
 * The one process runner of `npm start`, the benchmark and the tests.
 * @throws Error (with the tail of its output unless inherited) when it exits or stays silent past the timeout.
 */
export function startProcess(spec: ProcessSpec, cwd?: string): Promise<HubProcess> {
  const tail = (spec.output ?? 'tail') === 'tail';
  const child = fork(join(cwd ?? REPO_ROOT, spec.entry), spec.args ?? [], {
    cwd, env: spec.env, execArgv: ['--import', 'tsx', ...(spec.nodeFlags ?? [])],
    stdio: tail ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-TAIL_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`expected ${spec.name} to report ready within ${spec.readyTimeoutMs ?? 120_000} ms, it did not${tail ? `; output:\n${output}` : ''}`));
    }, spec.readyTimeoutMs ?? 120_000);
    const onMessage = (message: unknown): void => {
      const m = message as { type?: string; url?: string };
      if (m?.type !== 'ready' || typeof m.url !== 'string') return;
      cleanup();
      resolve({ name: spec.name, pid: child.pid!, url: m.url, child });
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`expected ${spec.name} to start, it exited (${signal ?? `code ${code}`})${tail ? `; output:\n${output}` : ''}`));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Stops a process with SIGTERM (SIGKILL after `graceMs`) and waits for it to exit. */
export async function stopProcess(p: HubProcess, graceMs = 10_000): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => p.child.kill('SIGKILL'), graceMs);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.child.kill('SIGTERM');
  });
}
