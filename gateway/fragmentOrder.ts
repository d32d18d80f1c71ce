import { Kind } from 'graphql';
import type { FragmentDefinitionNode, SelectionSetNode } from 'graphql';

/** Fragments sorted so that each comes after every fragment it spreads. */
export interface FragmentOrder {
  /** Names of the fragments that are not part of a cycle, dependencies first. */
  order: string[];
  /** Names of the fragments that spread themselves, directly or through others, or spread such a fragment. */
  cyclic: string[];
}

function spreadsOf(set: SelectionSetNode, into: Set<string>): Set<string> {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FRAGMENT_SPREAD) into.add(sel.name.value);
    else if (sel.selectionSet) spreadsOf(sel.selectionSet, into);
  }
  return into;
}

/**
 * Orders the fragments of a document dependencies first (a depth-first post-order), in time linear in the document and
 * without recursion across fragments, so a chain of thousands of fragments cannot exhaust the stack. Spreads of unknown
 * fragments are ignored (validation reports them).
 */
export function fragmentOrder(fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentOrder {
  const deps = new Map<string, string[]>();
  for (const [name, f] of fragments) deps.set(name, [...spreadsOf(f.selectionSet, new Set())].filter((d) => fragments.has(d)));
  const state = new Map<string, 'open' | 'done' | 'cyclic'>();
  const order: string[] = [];
  const cyclic: string[] = [];
  for (const start of fragments.keys()) {
    if (state.has(start)) continue;
    const stack: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, 'open');
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const children = deps.get(top.name)!;
      if (top.next < children.length) {
        const child = children[top.next++]!;
        const seen = state.get(child);
        if (seen === undefined) {
          state.set(child, 'open');
          stack.push({ name: child, next: 0 });
        } else if (seen === 'open' || seen === 'cyclic') {
          // A spread back into the open path (or into a fragment already known cyclic): the whole path is cyclic.
          for (const frame of stack) state.set(frame.name, 'cyclic');
        }
        continue;
      }
      stack.pop();
      if (state.get(top.name) === 'cyclic') {
        cyclic.push(top.name);
      } else {
        state.set(top.name, 'done');
        order.push(top.name);
      }
    }
  }
  return { order, cyclic };
}
