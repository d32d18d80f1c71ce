import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const SOURCES = ['engine', 'gateway', 'cli', 'bench'];

/** The module a folder belongs to: each folder is one, except that the benchmark and its helpers are one module. */
function moduleOf(folder: string): string {
  return folder === 'bench' || folder.startsWith('bench/') ? 'bench' : folder;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'results' || e.name === 'store' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Folder → folders it imports from (type-only imports included: they couple the folders as much). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of SOURCES.flatMap(sourceFiles)) {
    const from = moduleOf(dirname(file));
    for (const imported of ts.preProcessFile(readFileSync(join(ROOT, file), 'utf8'), true, true).importedFiles) {
      if (!imported.fileName.startsWith('.')) continue;
      const to = moduleOf(dirname(normalize(join(dirname(file), imported.fileName))));
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      edges.set(to, `${file} imports ${imported.fileName}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** One cycle through `start`, as the import that makes each step, or undefined. */
function cycleFrom(graph: Map<string, Map<string, string>>, start: string): string[] | undefined {
  const path: string[] = [];
  const seen = new Set<string>();
  const walk = (folder: string): boolean => {
    for (const [next, why] of graph.get(folder) ?? []) {
      path.push(why);
      if (next === start) return true;
      if (!seen.has(next)) {
        seen.add(next);
        if (walk(next)) return true;
      }
      path.pop();
    }
    return false;
  };
  return walk(start) ? path : undefined;
}

describe('folders', () => {
  it('import one another without a cycle', () => {
    const graph = folderGraph();
    const cycles = [...graph.keys()].map((f) => cycleFrom(graph, f)).filter((c): c is string[] => c !== undefined);
    expect(cycles[0] ?? []).toEqual([]);
  });

  it('are read from the repository (the check sees the engine)', () => {
    const graph = folderGraph();
    expect(graph.get('engine/resolvers')?.has('engine/queryEngine')).toBe(true);
  });
});
