import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Staging folders are named `tessera-publish-<pid>-<random>`, so a later process can tell whose they were. */
const PREFIX = 'tessera-publish-';

/** A folder named like a staging folder but without a pid (an older release's) is left alone this long. */
const UNOWNED_GRACE_MS = 24 * 3_600_000;

/** A publish's private scratch folder (inputs staged, parquet written, spill files). */
export interface StagingFolder {
  path: string;
  /** Removes the folder; safe to call twice. */
  remove(): Promise<void>;
}

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeLiveSync(): void {
  for (const path of live) rmSync(path, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeLiveSync();
  uninstall();
  // With no other listener the signal's default action (terminate) must still happen: raise it again.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function install(): void {
  for (const s of SIGNALS) process.on(s, onSignal);
  process.on('exit', removeLiveSync);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removeLiveSync);
}

/**
 * Creates a staging folder in the temporary directory and guarantees its removal on every way out the process has:
 * `remove()` on success or error, and on SIGINT, SIGTERM, SIGHUP or `process.exit` a synchronous removal before the
 * process ends (the signal then takes its usual effect unless the program handles it itself). A process killed
 * outright (SIGKILL, a crash of the machine) cannot clean up: the next staging folder created on the machine first
 * removes the folders of processes that no longer run ({@link removeStaleStagingFolders}).
 */
export async function createStagingFolder(): Promise<StagingFolder> {
  await removeStaleStagingFolders().catch(() => undefined);
  const path = await mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
  if (!live.size) install();
  live.add(path);
  return {
    path,
    async remove() {
      await rm(path, { recursive: true, force: true });
      live.delete(path);
      if (!live.size) uninstall();
    },
  };
}

/** True while a process with this id runs (EPERM: it runs, as another user). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the staging folders that publishes killed outright left in `dir`: those whose process no longer runs, and
 * unnamed (pid-less) ones older than a day. Folders of running publishes are never touched.
 * @default dir the OS temporary directory
 * @returns the paths removed.
 */
export async function removeStaleStagingFolders(dir = tmpdir(), now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(PREFIX)) continue;
    const path = join(dir, name);
    const pid = /^(\d+)-/.exec(name.slice(PREFIX.length))?.[1];
    if (pid !== undefined) {
      if (Number(pid) === process.pid || isRunning(Number(pid))) continue;
    } else {
      const age = await stat(path).then((s) => now - s.mtimeMs, () => 0);
      if (age < UNOWNED_GRACE_MS) continue;
    }
    await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}
