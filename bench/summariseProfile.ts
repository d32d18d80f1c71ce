import { readFile } from 'node:fs/promises';

/** The parts of a V8 `.cpuprofile` this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time (ms) per function and per source area of one CPU profile, largest first. */
export function summariseProfile(profile: CpuProfile, top = 25): { functions: [string, number][]; areas: [string, number][]; totalMs: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, k) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[k] ?? 0) / 1000));
  const functions = new Map<string, number>();
  const areas = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, 'node_modules/').replace(/^.*\/work\/main\//, '');
    const area = file.startsWith('node_modules/') ? file.split('/').slice(0, file.split('/')[1]!.startsWith('@') ? 3 : 2).join('/')
      : file === '' ? `(${frame.functionName || 'native'})` : file.split('/').slice(0, 2).join('/');
    const name = `${frame.functionName || '(anonymous)'} ${file}:${frame.lineNumber + 1}`;
    functions.set(name, (functions.get(name) ?? 0) + ms);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    totalMs += ms;
  }
  const sorted = (m: Map<string, number>): [string, number][] => [...m].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { functions: sorted(functions), areas: sorted(areas), totalMs };
}

/** `tsx bench/summariseProfile.ts file.cpuprofile…`: prints where each profiled process spent its time. */
async function main(): Promise<void> {
  for (const file of process.argv.slice(2)) {
    const { functions, areas, totalMs } = summariseProfile(JSON.parse(await readFile(file, 'utf8')) as CpuProfile);
    const pct = (ms: number): string => `${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms`;
    process.stdout.write(`\n${file} (${totalMs.toFixed(0)} ms sampled)\n  by area:\n`);
    for (const [name, ms] of areas) process.stdout.write(`    ${pct(ms)}  ${name}\n`);
    process.stdout.write('  by function (self time):\n');
    for (const [name, ms] of functions) process.stdout.write(`    ${pct(ms)}  ${name}\n`);
  }
}

if (require.main === module) void main();
