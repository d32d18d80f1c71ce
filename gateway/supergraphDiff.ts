import { Kind, parse, print } from 'graphql';
import type { ConstDirectiveNode, DefinitionNode, DocumentNode } from 'graphql';

/** Where two supergraphs differ: schema coordinates (`OrderV2`, `Query.ordersV3`) and the subgraphs behind them. */
export interface SupergraphDifference {
  coordinates: string[];
  subgraphs: string[];
}

interface Entry { printed: string; graphs: string[] }

const byName = <T extends { name: { value: string } }>(a: T, b: T): number => a.name.value.localeCompare(b.name.value);

/** `graph: SALES` arguments of the join directives on a node, as join__Graph enum values. */
function graphsOf(directives: readonly ConstDirectiveNode[] | undefined): string[] {
  return (directives ?? [])
    .filter((d) => d.name.value.startsWith('join__'))
    .flatMap((d) => d.arguments ?? [])
    .filter((a) => a.name.value === 'graph' && a.value.kind === Kind.ENUM)
    .map((a) => (a.value as { value: string }).value);
}

function nameOf(def: DefinitionNode): string {
  if ('name' in def && def.name) return def.kind === Kind.DIRECTIVE_DEFINITION ? `@${def.name.value}` : def.name.value;
  return def.kind;
}

/**
 * Flattens a supergraph into coordinates → canonical text, ignoring the order of definitions, fields and enum
 * values (composition inputs may list them in any order), with the subgraphs each coordinate comes from.
 */
function entries(doc: DocumentNode): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const def of doc.definitions) {
    const name = nameOf(def);
    const typeGraphs = 'directives' in def ? graphsOf(def.directives as ConstDirectiveNode[] | undefined) : [];
    if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.INTERFACE_TYPE_DEFINITION || def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) && def.fields) {
      for (const f of def.fields) {
        const graphs = graphsOf(f.directives);
        out.set(`${name}.${f.name.value}`, { printed: print(f), graphs: graphs.length ? graphs : typeGraphs });
      }
      out.set(name, { printed: print({ ...def, fields: [] }), graphs: typeGraphs });
    } else if (def.kind === Kind.ENUM_TYPE_DEFINITION && def.values) {
      out.set(name, { printed: print({ ...def, values: [...def.values].sort(byName) }), graphs: typeGraphs });
    } else {
      out.set(name, { printed: print(def), graphs: typeGraphs });
    }
  }
  return out;
}

/** join__Graph enum value → subgraph name, from the `@join__graph(name:)` directives. */
function graphNames(doc: DocumentNode): Map<string, string> {
  const names = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const v of def.values ?? []) {
      const arg = v.directives?.find((d) => d.name.value === 'join__graph')?.arguments?.find((a) => a.name.value === 'name');
      if (arg?.value.kind === Kind.STRING) names.set(v.name.value, arg.value.value);
    }
  }
  return names;
}

/**
 * Compares two supergraph SDLs regardless of definition order and of the subgraph URLs they record.
 * @returns the differing coordinates, sorted, and the subgraphs they belong to in either supergraph.
 */
export function diffSupergraphs(a: string, b: string): SupergraphDifference {
  const withoutUrls = (sdl: string): DocumentNode => parse(sdl.replace(/(@join__graph\(name: "[^"]*", url: )"[^"]*"/g, '$1""'));
  const [docA, docB] = [withoutUrls(a), withoutUrls(b)];
  const [entriesA, entriesB] = [entries(docA), entries(docB)];
  const names = new Map([...graphNames(docA), ...graphNames(docB)]);
  const coordinates = [...new Set([...entriesA.keys(), ...entriesB.keys()])]
    .filter((c) => entriesA.get(c)?.printed !== entriesB.get(c)?.printed)
    .sort();
  const subgraphs = new Set<string>();
  for (const c of coordinates) {
    for (const g of [...(entriesA.get(c)?.graphs ?? []), ...(entriesB.get(c)?.graphs ?? [])]) subgraphs.add(names.get(g) ?? g.toLowerCase());
  }
  return { coordinates, subgraphs: [...subgraphs].sort() };
}

