import { readFile } from 'node:fs/promises';

/**
 * Peak resident set size of a process in bytes (Linux `VmHWM`), or undefined where /proc is unavailable or the process
 * has exited.
 */
export async function peakRss(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
