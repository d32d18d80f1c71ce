import { Kind } from 'graphql';
import type { DocumentNode, FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode } from 'graphql';
import { fragmentOrder } from './fragmentOrder';

/** The size of a selection set once every fragment spread in it is expanded. */
export interface SelectionShape {
  /** Field selections, fragments expanded (a fragment spread twice counts twice); introspection fields included. */
  selections: number;
  /** How deep fields nest (`{ a { b } }` is 2), introspection fields not counted. */
  depth: number;
  /** Aliased fields, fragments expanded. */
  aliases: number;
}

/** What {@link measureDocument} found. */
export interface DocumentMeasure {
  /** The shape of each operation of the document. */
  operations: Map<OperationDefinitionNode, SelectionShape>;
  /** Names of fragments that spread themselves, directly or not (their spreads count as empty). */
  cyclic: string[];
  /** Selection nodes visited to measure the document: the number of selections it contains (spreads included). */
  visits: number;
}

const EMPTY: SelectionShape = { selections: 0, depth: 0, aliases: 0 };

// Several validation rules measure the same document; documents are immutable, so one measure serves them all.
const measured = new WeakMap<DocumentNode, DocumentMeasure>();

/**
 * Measures every operation of a document with fragments expanded, in time linear in the document: each fragment is
 * measured once (its dependencies first) and every spread of it reuses that measure, so a fragment spread twice at
 * each of 30 levels costs 60 visits, not 2^30. Sizes that grow past 2^53 saturate to `Infinity`.
 */
export function measureDocument(document: DocumentNode): DocumentMeasure {
  const known = measured.get(document);
  if (known) return known;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const { order, cyclic } = fragmentOrder(fragments);
  const shapes = new Map<string, SelectionShape>();
  const counter = { visits: 0 };
  // Dependencies come first in `order`, so every spread below finds its fragment measured (or cyclic, or unknown).
  for (const name of order) shapes.set(name, shapeOf(fragments.get(name)!.selectionSet, shapes, counter));
  const operations = new Map<OperationDefinitionNode, SelectionShape>();
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) operations.set(d, shapeOf(d.selectionSet, shapes, counter));
  }
  const measure = { operations, cyclic, visits: counter.visits };
  measured.set(document, measure);
  return measure;
}

function shapeOf(set: SelectionSetNode, fragments: ReadonlyMap<string, SelectionShape>, counter: { visits: number }): SelectionShape {
  let selections = 0;
  let depth = 0;
  let aliases = 0;
  for (const sel of set.selections) {
    counter.visits += 1;
    let inner: SelectionShape;
    if (sel.kind === Kind.FIELD) {
      const child = sel.selectionSet ? shapeOf(sel.selectionSet, fragments, counter) : EMPTY;
      inner = {
        selections: 1 + child.selections,
        // Introspection is answered by the gateway from the schema: its nesting is not data work.
        depth: sel.name.value.startsWith('__') ? 0 : 1 + child.depth,
        aliases: (sel.alias ? 1 : 0) + child.aliases,
      };
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      inner = shapeOf(sel.selectionSet, fragments, counter);
    } else {
      inner = fragments.get(sel.name.value) ?? EMPTY;
    }
    selections += inner.selections;
    depth = Math.max(depth, inner.depth);
    aliases += inner.aliases;
  }
  return { selections: saturate(selections), depth, aliases: saturate(aliases) };
}

function saturate(n: number): number {
  return n > Number.MAX_SAFE_INTEGER ? Infinity : n;
}
