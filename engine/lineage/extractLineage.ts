import type { BuildInput, BuildLineage, LineageProblem } from './buildLineage';
import type { InputSchemas } from './inputSchemas';
import type { Relation, RelationColumn, Scope } from './lineageScope';
import { columnOf, renamed, sameName, sourceKey, sourceOf, starColumns, union } from './lineageScope';
import { resolveColumn } from './resolveColumn';
import type { AstNode } from './sqlAst';
import { expandStar } from './expandStar';
import { LEAF_KEYS, child, children, entries, isNode, nested, position, text, texts } from './sqlAst';

/** CTEs visible at a point of the query, innermost first. */
interface Ctes { byName: Map<string, Relation>; parent?: Ctes }

const NO_SOURCES: ReadonlySet<string> = new Set();

/**
 * Extracts table- and column-level lineage from a build's parse tree (one statement of `json_serialize_sql`): which
 * products it reads, and for each output column the input columns it is computed from, through CTEs (recursive ones
 * too), joins (USING and NATURAL ones merge their key columns), aliases and column alias lists, subqueries in FROM and
 * in expressions (correlated ones see the outer query), set operations (by position or BY NAME), expressions,
 * aggregates and window functions (whose PARTITION BY and ORDER BY columns count as sources), lambdas, and `*` with
 * EXCLUDE, REPLACE and COLUMNS('regex') expanded from the inputs' contracts. Columns only filtered, joined or grouped
 * on are checked to exist but are not sources. Products are named `domain.product` (the current version) or
 * `domain.product.v<N>`; anything else a build cannot read (files, table functions, unknown tables) is a problem.
 * Pure: it never touches data.
 */
export function extractLineage(statement: AstNode, schemas: InputSchemas): BuildLineage {
  const walker = new LineageWalker(schemas);
  const root = child(statement, 'node');
  if (!root) return { inputs: [], columns: [], filters: [], problems: [{ message: 'expected a SELECT statement, found none' }] };
  const relation = walker.query(root, undefined, undefined);
  const names = new Set<string>();
  const columns = relation.columns.map((c, i) => {
    if (c.name.startsWith('#')) walker.problem(`expected output column ${i + 1} to be named (add AS <column>), found an expression without a name`, undefined);
    else if (names.has(c.name.toLowerCase())) walker.problem(`expected unique output column names, found "${c.name}" twice`, undefined);
    names.add(c.name.toLowerCase());
    return { name: c.name, sources: [...c.sources].sort().map(sourceOf) };
  });
  return { inputs: walker.inputs(), columns, filters: [...walker.filters].sort().map(sourceOf), problems: walker.problems };
}

class LineageWalker {
  readonly problems: LineageProblem[] = [];
  /** Every input column a column reference resolved to inside a filter or join condition. */
  readonly filters = new Set<string>();
  /** How many filter or join conditions the walk is inside. */
  private filtering = 0;
  private readonly read = new Map<string, BuildInput>();

  constructor(private readonly schemas: InputSchemas) {}

  problem(message: string, at: AstNode | undefined): void {
    const where = at ? position(at) : undefined;
    if (!this.problems.some((p) => p.message === message && p.position === where)) this.problems.push({ message, position: where });
  }

  inputs(): BuildInput[] {
    return [...this.read.values()].sort((a, b) => a.product.localeCompare(b.product) || a.version - b.version);
  }

  /** The relation a query node yields: a SELECT, a set operation or a recursive CTE body, with its own CTEs. */
  query(node: AstNode, ctes: Ctes | undefined, outer: Scope | undefined): Relation {
    const own = this.ctes(node, ctes, outer);
    switch (text(node, 'type')) {
      case 'SELECT_NODE': return this.select(node, own, outer);
      case 'SET_OPERATION_NODE': return this.setOperation(node, own, outer);
      case 'RECURSIVE_CTE_NODE': {
        const anchor = this.query(child(node, 'left') ?? {}, own, outer);
        const named = renamed(anchor, texts(node, 'aliases'));
        const inner: Ctes = { byName: new Map([[text(node, 'cte_name').toLowerCase(), named]]), parent: own };
        const step = this.query(child(node, 'right') ?? {}, inner, outer);
        return { label: named.label, columns: this.combine(named, step, 'UNION', node) };
      }
      default:
        this.problem(`expected a SELECT, a set operation or a CTE, found a ${text(node, 'type') || 'query'} lineage cannot follow`, node);
        return { label: 'query', columns: [] };
    }
  }

  private ctes(node: AstNode, parent: Ctes | undefined, outer: Scope | undefined): Ctes | undefined {
    const map = entries(child(node, 'cte_map'), 'map');
    if (!map.length) return parent;
    const own: Ctes = { byName: new Map(), parent };
    for (const [name, cte] of map) {
      const body = child(child(cte, 'query') ?? {}, 'node');
      const relation = body ? this.query(body, own, outer) : { label: name, columns: [] };
      own.byName.set(name.toLowerCase(), renamed(relation, texts(cte, 'aliases'), `CTE ${name}`));
    }
    return own;
  }

  private setOperation(node: AstNode, ctes: Ctes | undefined, outer: Scope | undefined): Relation {
    const left = this.query(child(node, 'left') ?? {}, ctes, outer);
    const right = this.query(child(node, 'right') ?? {}, ctes, outer);
    return { label: left.label, columns: this.combine(left, right, text(node, 'setop_type'), node) };
  }

  /** The columns of a set operation: UNION takes values from both sides, EXCEPT from the left, INTERSECT from both. */
  private combine(left: Relation, right: Relation, kind: string, node: AstNode): RelationColumn[] {
    if (kind === 'UNION_BY_NAME') {
      const out: RelationColumn[] = left.columns.map((c) => ({ name: c.name, sources: union([c.sources, columnOf(right, c.name)?.sources ?? NO_SOURCES]) }));
      for (const c of right.columns) if (!columnOf(left, c.name)) out.push(c);
      return out;
    }
    if (left.columns.length !== right.columns.length) {
      this.problem(`expected both sides of ${kind.replace(/_/g, ' ')} to have as many columns, found ${left.columns.length} and ${right.columns.length}`, node);
    }
    return left.columns.map((c, i) => ({
      name: c.name, sources: kind === 'EXCEPT' ? c.sources : union([c.sources, right.columns[i]?.sources ?? NO_SOURCES]),
    }));
  }

  private select(node: AstNode, ctes: Ctes | undefined, outer: Scope | undefined): Relation {
    const scope = this.from(child(node, 'from_table'), ctes, outer);
    const columns: RelationColumn[] = [];
    for (const item of children(node, 'select_list')) {
      if (text(item, 'class') === 'STAR') {
        columns.push(...expandStar(item, scope, (message, at) => this.problem(message, at),
          (replacement) => this.expression(replacement, scope, ctes, columns, new Set())));
        continue;
      }
      const sources = this.expression(item, scope, ctes, columns, new Set());
      columns.push({ name: outputName(item, columns.length), sources });
    }
    // Filters and grouping are checked to name real columns; their columns are not value sources, but filters decide
    // which rows there are.
    for (const key of ['where_clause', 'having', 'qualify']) {
      const clause = child(node, key);
      if (clause) this.filter(() => this.expression(clause, scope, ctes, columns, new Set()));
    }
    for (const g of children(node, 'group_expressions')) this.expression(g, scope, ctes, columns, new Set());
    return { label: 'subquery', columns };
  }

  /** The FROM clause as a scope. */
  private from(table: AstNode | undefined, ctes: Ctes | undefined, outer: Scope | undefined): Scope {
    const scope: Scope = { entries: [], using: new Map(), outer };
    if (table) this.addTable(table, scope, ctes);
    return scope;
  }

  private addTable(table: AstNode, scope: Scope, ctes: Ctes | undefined): void {
    const alias = text(table, 'alias');
    const aliases = texts(table, 'column_name_alias');
    const add = (name: string, relation: Relation, product?: string): void => {
      scope.entries.push({ alias: alias || name, relation: renamed(relation, aliases), product, hiddenFromStar: new Set() });
    };
    switch (text(table, 'type')) {
      case 'EMPTY': return;
      case 'BASE_TABLE': {
        const [name, relation, product] = this.baseTable(table, ctes);
        add(name, relation, product);
        return;
      }
      case 'SUBQUERY': {
        // DuckDB lets a subquery in FROM see the items left of it (implicit LATERAL).
        const inner: Scope = { entries: scope.entries, using: scope.using, outer: scope.outer };
        add(alias || 'unnamed_subquery', { ...this.query(child(child(table, 'subquery') ?? {}, 'node') ?? {}, ctes, inner), label: `subquery ${alias}` });
        return;
      }
      case 'EXPRESSION_LIST': {
        const rows = Array.isArray(table.values) ? table.values.filter(Array.isArray) : [];
        const width = Math.max(0, ...rows.map((r) => r.length));
        const columns = Array.from({ length: width }, (_, i) => ({
          name: `col${i}`, sources: union(rows.map((r) => (isNode(r[i]) ? this.expression(r[i] as AstNode, scope, ctes, [], new Set()) : NO_SOURCES))),
        }));
        add('valueslist', { label: 'VALUES', columns });
        return;
      }
      case 'JOIN': return this.join(table, scope, ctes);
      case 'TABLE_FUNCTION': {
        const fn = text(child(table, 'function') ?? {}, 'function_name');
        this.problem(`expected the build to read products of this hub by name (domain.product), found the table function ${fn}()`, table);
        return;
      }
      default:
        this.problem(`expected products, CTEs, subqueries or joins in FROM, found ${text(table, 'type').toLowerCase().replace(/_/g, ' ')}, which lineage cannot follow`, table);
    }
  }

  private join(table: AstNode, scope: Scope, ctes: Ctes | undefined): void {
    const left: Scope = { entries: [], using: new Map(), outer: scope.outer };
    this.addTable(child(table, 'left') ?? {}, left, ctes);
    const right: Scope = { entries: [...left.entries], using: new Map(left.using), outer: scope.outer };
    this.addTable(child(table, 'right') ?? {}, right, ctes);
    const rightEntries = right.entries.slice(left.entries.length);
    scope.entries.push(...left.entries, ...rightEntries);
    for (const [k, v] of left.using) scope.using.set(k, v);
    let using = texts(table, 'using_columns');
    if (text(table, 'ref_type') === 'NATURAL') {
      const leftNames = new Set(starColumns(left).map((c) => c.name.toLowerCase()));
      using = rightEntries.flatMap((e) => e.relation.columns.map((c) => c.name)).filter((n) => leftNames.has(n.toLowerCase()));
    }
    for (const name of using) {
      const sides = [left, { entries: rightEntries, using: new Map(), outer: undefined } as Scope].map((s) => starColumns(s).find((c) => sameName(c.name, name)));
      if (sides.some((c) => !c)) {
        this.problem(`expected USING column "${name}" on both sides of the join, found it on ${sides[0] ? 'the left only' : sides[1] ? 'the right only' : 'neither'}`, table);
        continue;
      }
      const merged = union([sides[0]!.sources, sides[1]!.sources]);
      for (const k of merged) this.filters.add(k);
      scope.using.set(name.toLowerCase(), { name: sides[0]!.name, sources: merged });
      for (const e of rightEntries) if (columnOf(e.relation, name)) e.hiddenFromStar.add(name.toLowerCase());
    }
    const condition = child(table, 'condition');
    if (condition) this.filter(() => this.expression(condition, scope, ctes, [], new Set()));
  }

  /** Runs a walk of a filter or join condition: the columns it resolves are filters. */
  private filter(walk: () => unknown): void {
    this.filtering++;
    try {
      walk();
    } finally {
      this.filtering--;
    }
  }

  /** A FROM item naming a table: a CTE in scope, or a product of the hub. Returns its name, columns and product id. */
  private baseTable(table: AstNode, ctes: Ctes | undefined): [string, Relation, string | undefined] {
    const catalog = text(table, 'catalog_name');
    const schema = text(table, 'schema_name');
    const name = text(table, 'table_name');
    if (!catalog && !schema) {
      for (let c = ctes; c; c = c.parent) {
        const cte = c.byName.get(name.toLowerCase());
        if (cte) return [name, cte, undefined];
      }
      this.problem(`expected a product named domain.product (or a CTE), found "${name}"`, table);
      return [name, { label: name, columns: [], unknown: true }, undefined];
    }
    const pinned = catalog ? /^v([1-9][0-9]*)$/i.exec(name) : null;
    if (catalog && !pinned) {
      this.problem(`expected domain.product or domain.product.v<N>, found "${catalog}.${schema}.${name}"`, table);
      return [name, { label: name, columns: [], unknown: true }, undefined];
    }
    const [domain, product, version] = catalog ? [catalog, schema, Number(pinned![1])] : [schema, name, undefined];
    const found = this.schemas(domain, product, version);
    if (!found.ok) {
      this.problem(found.message, table);
      return [product, { label: `${domain}.${product}`, columns: [], unknown: true }, undefined];
    }
    const key = `${found.product}@${found.version}`;
    const previous = this.read.get(key);
    this.read.set(key, { product: found.product, version: found.version, pinned: version !== undefined || (previous?.pinned ?? false) });
    const columns = found.columns.map((c) => ({ name: c, sources: new Set([sourceKey({ product: found.product, version: found.version, column: c })]) }));
    return [product, { label: `${found.product} v${found.version}`, columns }, found.product];
  }

  /**
   * The input columns an expression's value is computed from. `earlier` are the select list's columns before this
   * one (DuckDB lets an expression name an earlier alias); `bound` are lambda parameters in force.
   */
  expression(node: AstNode, scope: Scope, ctes: Ctes | undefined, earlier: RelationColumn[], bound: ReadonlySet<string>): Set<string> {
    switch (text(node, 'class')) {
      case 'COLUMN_REF': {
        const names = texts(node, 'column_names');
        if (names.length === 1 && bound.has(names[0]!.toLowerCase())) return new Set();
        const found = resolveColumn(names, scope, earlier);
        if (typeof found === 'string') {
          this.problem(found, node);
          return new Set();
        }
        if (this.filtering) for (const k of found.sources) this.filters.add(k);
        return new Set(found.sources);
      }
      case 'STAR':
        if (node.columns === true) this.problem('expected COLUMNS(...) only as a whole select item, found it inside an expression (write the columns out)', node);
        return union(starColumns(scope).map((c) => c.sources));
      case 'SUBQUERY': {
        const relation = this.query(child(child(node, 'subquery') ?? {}, 'node') ?? {}, ctes, scope);
        const inner = text(node, 'subquery_type') === 'EXISTS' ? NO_SOURCES : union(relation.columns.map((c) => c.sources));
        const left = child(node, 'child');
        return union([inner, left ? this.expression(left, scope, ctes, earlier, bound) : NO_SOURCES]);
      }
      case 'LAMBDA': {
        const params = new Set(bound);
        const lhs = child(node, 'lhs');
        for (const p of lhs ? [lhs, ...children(lhs, 'children')] : []) for (const n of texts(p, 'column_names')) params.add(n.toLowerCase());
        const body = child(node, 'expr');
        return body ? this.expression(body, scope, ctes, earlier, params) : new Set();
      }
      default: {
        const out = new Set<string>();
        for (const [key, value] of Object.entries(node)) {
          if (LEAF_KEYS.has(key)) continue;
          for (const sub of nested(value)) for (const k of this.expression(sub, scope, ctes, earlier, bound)) out.add(k);
        }
        return out;
      }
    }
  }
}

/** The name DuckDB gives a select item: its alias, a column reference's last part, else a placeholder for "unnamed". */
function outputName(item: AstNode, index: number): string {
  const alias = text(item, 'alias');
  if (alias) return alias;
  if (text(item, 'class') === 'COLUMN_REF') return texts(item, 'column_names').at(-1) ?? `#${index}`;
  return `#${index}`;
}
