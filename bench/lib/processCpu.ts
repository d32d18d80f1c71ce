import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`, 100 on Linux as built). */
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/**
 * Parent pid, CPU ms (user + system) of one process and of its children it has waited for, from `/proc/<pid>/stat`,
 * or undefined when it is gone.
 */
async function statOf(pid: number): Promise<{ ppid: number; cpuMs: number; reapedMs: number } | undefined> {
  try {
    const text = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: the fields after its last ')' are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ms = (a: number, b: number): number => ((Number(fields[a]) + Number(fields[b])) * 1000) / clockTicks();
    return { ppid: Number(fields[1]), cpuMs: ms(11, 12), reapedMs: ms(13, 14) };
  } catch {
    return undefined;
  }
}

/**
 * CPU time in ms (user + system, every thread) that a process has used so far, with `tree` also that of its
 * children, running or exited (PostgreSQL serves each connection from a child of its postmaster); undefined where
 * /proc is unavailable or the process is gone.
 */
export async function processCpuMs(pid: number, tree = false): Promise<number | undefined> {
  const own = await statOf(pid);
  if (!own || !tree) return own?.cpuMs;
  let total = own.cpuMs + own.reapedMs;
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === pid) continue;
    const child = await statOf(Number(name));
    if (child?.ppid === pid) total += child.cpuMs;
  }
  return total;
}
