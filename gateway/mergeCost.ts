import { Kind } from 'graphql';
import type { DocumentNode, FieldNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';

/** Budgets of {@link mergeCost}. */
export interface MergeBudget {
  /** Most pairs of same-named fields to compare. */
  pairs: number;
  /** Most selections to visit while collecting them (fragments expanded at every spread). */
  steps: number;
}

/** What {@link mergeCost} counted; `exceeded` names the budget it stopped at. */
export interface MergeCost {
  pairs: number;
  steps: number;
  exceeded?: keyof MergeBudget;
}

class Exceeded extends Error {
  constructor(readonly budget: keyof MergeBudget) {
    super(budget);
  }
}

/**
 * Counts, within budgets, the work graphql-js's OverlappingFieldsCanBeMerged rule does on a document: it compares
 * every pair of fields that share a response name in one selection set (fragments and inline fragments merged in),
 * then the merged sub-selections of each such group, recursively. That rule is quadratic in repeated fields (~4 µs a
 * pair on this hardware: 100 copies of one field with a sub-selection took 44 ms), so the gateway counts the pairs
 * first and refuses past the budget. Stops counting as soon as a budget is exceeded, so its own work is bounded too.
 */
export function mergeCost(document: DocumentNode, budget: MergeBudget): MergeCost {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const cost: MergeCost = { pairs: 0, steps: 0 };
  const collect = (set: SelectionSetNode, groups: Map<string, FieldNode[]>, path: Set<string>): void => {
    for (const sel of set.selections) {
      if (++cost.steps > budget.steps) throw new Exceeded('steps');
      if (sel.kind === Kind.FIELD) {
        const name = sel.alias?.value ?? sel.name.value;
        const group = groups.get(name);
        if (group) group.push(sel);
        else groups.set(name, [sel]);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        collect(sel.selectionSet, groups, path);
      } else {
        const fragment = fragments.get(sel.name.value);
        // A cycle is refused elsewhere; here it only must not loop.
        if (!fragment || path.has(fragment.name.value)) continue;
        path.add(fragment.name.value);
        collect(fragment.selectionSet, groups, path);
        path.delete(fragment.name.value);
      }
    }
  };
  const walk = (sets: SelectionSetNode[]): void => {
    const groups = new Map<string, FieldNode[]>();
    for (const set of sets) collect(set, groups, new Set());
    for (const group of groups.values()) {
      cost.pairs += (group.length * (group.length - 1)) / 2;
      if (cost.pairs > budget.pairs) throw new Exceeded('pairs');
      const children = group.flatMap((f) => (f.selectionSet ? [f.selectionSet] : []));
      if (children.length) walk(children);
    }
  };
  try {
    // Operations only: each fragment's fields are compared where it is spread, and walking every fragment definition
    // on its own as well would expand a document of many nested fragments once per fragment.
    for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION) walk([d.selectionSet]);
  } catch (err) {
    if (!(err instanceof Exceeded)) throw err;
    cost.exceeded = err.budget;
  }
  return cost;
}
