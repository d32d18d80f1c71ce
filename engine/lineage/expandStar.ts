import type { RelationColumn, Scope, ScopeEntry } from './lineageScope';
import { sameName, starColumns } from './lineageScope';
import type { AstNode } from './sqlAst';
import { child, entries, isNode, text, texts } from './sqlAst';

/**
 * The columns of `*`, `t.*` or `COLUMNS('regex')` in `scope`, with EXCLUDE and REPLACE applied; a REPLACE expression's
 * sources come from `replaced`. What lineage cannot expand is reported to `problem` and yields no column.
 */
export function expandStar(
item: AstNode, scope: Scope, problem: (message: string, at: AstNode) => void, replaced: (expression: AstNode) => Set<string>,
): RelationColumn[] {
  const relationName = text(item, 'relation_name');
  let entry: ScopeEntry | undefined;
  if (relationName) {
    entry = scope.entries.find((e) => sameName(e.alias, relationName));
    if (!entry) {
      problem(`expected "${relationName}.*" to name a table of the FROM clause (${scope.entries.map((e) => e.alias).join(', ') || 'none'}), found none`, item);
      return [];
    }
  }
  let columns = starColumns(scope, entry);
  const pattern = child(item, 'expr');
  if (item.columns === true && pattern) {
    const value = child(pattern, 'value');
    if (text(pattern, 'class') !== 'CONSTANT' || typeof value?.value !== 'string') {
      problem('expected COLUMNS(*) or COLUMNS(\'regex\'), found another COLUMNS expression lineage cannot expand', item);
      return [];
    }
    const regex = compileRegex(value.value);
    if (!regex) {
      problem(`expected a regular expression in COLUMNS(...), found "${value.value}"`, item);
      return [];
    }
    columns = columns.filter((c) => regex.test(c.name));
  }
  const exclude = new Set(excludedNames(item).map((n) => n.toLowerCase()));
  for (const n of exclude) {
    if (!columns.some((c) => c.name.toLowerCase() === n)) problem(`expected EXCLUDE to name a column of *, found "${n}"`, item);
  }
  const replace = new Map(entries(item, 'replace_list').map(([k, v]) => [k.toLowerCase(), v]));
  return columns.filter((c) => !exclude.has(c.name.toLowerCase())).map((c) => {
    const replacement = replace.get(c.name.toLowerCase());
    return replacement ? { name: c.name, sources: replaced(replacement) } : c;
  });
}

/** The names in a `* EXCLUDE (...)` list, which DuckDB serializes as strings or as qualified names. */
function excludedNames(item: AstNode): string[] {
  const list = item.exclude_list;
  if (!Array.isArray(list)) return [];
  return list.map((e): string => {
    if (typeof e === 'string') return e;
    if (isNode(e)) return texts(e, 'column_names').at(-1) ?? text(e, 'name') ?? '';
    return '';
  }).filter(Boolean);
}

function compileRegex(pattern: string): RegExp | undefined {
  try {
    return new RegExp(pattern);
  } catch {
    return undefined;
  }
}
