import type { FilterNode } from '../query/queryPlan';
import type { SqlWriter } from './sqlWriter';
import { col } from './sqlWriter';

const OPS = { eq: '=', ne: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Compiles a filter tree to an SQL boolean expression. Leaves use SQL semantics (false-or-unknown on null), which is
 * exact outside `not`; `not` wraps its operand in `coalesce(…, false)` so unknown counts as false before negation.
 */
export function compileFilter(node: FilterNode, w: SqlWriter): string {
  switch (node.kind) {
    case 'and': return node.items.length ? `(${node.items.map((n) => compileFilter(n, w)).join(' AND ')})` : 'TRUE';
    case 'or': return node.items.length ? `(${node.items.map((n) => compileFilter(n, w)).join(' OR ')})` : 'FALSE';
    case 'not': return `(NOT coalesce(${compileFilter(node.item, w)}, FALSE))`;
    case 'isNull': return `(${col(node.column)} IS ${node.isNull ? '' : 'NOT '}NULL)`;
    case 'in': {
      if (!node.values.length) return node.negated ? `(${col(node.column)} IS NOT NULL)` : 'FALSE';
      const list = node.values.map((v) => w.value(v, node.column)).join(', ');
      return `(${col(node.column)} ${node.negated ? 'NOT IN' : 'IN'} (${list}))`;
    }
    case 'compare': {
      if (node.op === 'like') return `(${col(node.column)} LIKE ${w.typed(node.value, 'VARCHAR')})`;
      if (node.op === 'startsWith') return `starts_with(${col(node.column)}, ${w.typed(node.value, 'VARCHAR')})`;
      return `(${col(node.column)} ${OPS[node.op]} ${w.value(node.value, node.column)})`;
    }
  }
}
