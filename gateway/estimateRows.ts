import { getNamedType, isInterfaceType, isListType, isNonNullType, isObjectType, Kind, valueFromASTUntyped } from 'graphql';
import type {
  FieldNode, FragmentDefinitionNode, GraphQLField, GraphQLNamedType, GraphQLSchema, GraphQLType, OperationDefinitionNode, SelectionSetNode,
} from 'graphql';
import type { DataBounds } from './productRowBounds';

/** What a row estimate needs besides the operation. */
export interface RowEstimateOptions {
  fragments: ReadonlyMap<string, FragmentDefinitionNode>;
  /** The request's variables; the operation's variable defaults fill in those not given. */
  variables: Readonly<Record<string, unknown>>;
  /** Rows a paged field returns when `first` is not given and the schema has no default (config `defaultPageSize`). */
  defaultPageSize: number;
  /** Most groups an aggregate field returns (the subgraphs refuse more: config `maxPageSize`). */
  maxGroups: number;
  /** What is known of the data behind the fields; without it every paged field counts `first` rows. */
  data?: DataBounds;
}

/** The estimate and the work it took. */
export interface RowEstimate {
  rows: number;
  /** Selection nodes visited: each fragment is walked once however often it is spread. */
  visits: number;
}

const NOTHING: DataBounds = { rows: () => undefined, groups: () => undefined, isEntity: () => false };

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

class Estimator {
  visits = 0;
  private readonly memo = new Map<string, number>();
  private readonly open = new Set<string>();
  private readonly data: DataBounds;

  constructor(private readonly schema: GraphQLSchema, private readonly options: RowEstimateOptions, private readonly variables: Record<string, unknown>) {
    this.data = options.data ?? NOTHING;
  }

  /** The value an argument runs with: as written (variables resolved, defaults filled in), else the schema default. */
  private arg(sel: FieldNode, def: GraphQLField<unknown, unknown>, name: string): unknown {
    const node = sel.arguments?.find((a) => a.name.value === name)?.value;
    const value = node ? valueFromASTUntyped(node, this.variables) : undefined;
    return value ?? def.args.find((a) => a.name === name)?.defaultValue;
  }

  /** Rows one parent row's selection set asks for; rows are linear in the parent's count, so this is memoised per fragment. */
  rowsOf(set: SelectionSetNode, parent: GraphQLNamedType | undefined): number {
    let rows = 0;
    for (const sel of set.selections) {
      this.visits += 1;
      if (sel.kind === Kind.FIELD) {
        const fields = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields() : undefined;
        const def = fields?.[sel.name.value];
        if (!def || !sel.selectionSet) continue;
        const type = getNamedType(def.type);
        const below = this.rowsOf(sel.selectionSet, type);
        const here = this.fieldRows(sel, def, type);
        rows += here === undefined ? below : here + here * below;
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        rows += this.rowsOf(sel.selectionSet, sel.typeCondition ? this.schema.getType(sel.typeCondition.name.value) : parent);
      } else {
        rows += this.fragmentRows(sel.name.value);
      }
    }
    return rows;
  }

  /** Rows a field returns per parent row when it returns product rows, else undefined (it passes its parent's count on). */
  private fieldRows(sel: FieldNode, def: GraphQLField<unknown, unknown>, type: GraphQLNamedType): number | undefined {
    const pinned = this.arg(sel, def, 'snapshot') != null || this.arg(sel, def, 'asOf') != null;
    // A pinned snapshot may be older and larger than the latest one the bounds know.
    const held = pinned ? undefined : this.data.rows(sel.name.value);
    const cap = (n: number): number => (held === undefined ? n : Math.min(n, held));
    if (def.args.some((a) => a.name === 'first')) {
      const first = this.arg(sel, def, 'first');
      return cap(Math.max(0, typeof first === 'number' && Number.isFinite(first) ? first : this.options.defaultPageSize));
    }
    if (isList(def.type) && type.name.endsWith('AggregateGroup')) {
      const given = this.arg(sel, def, 'groupBy');
      const groupBy = (Array.isArray(given) ? given : given == null ? [] : [given]).map(String);
      if (!groupBy.length) return 1;
      const bound = pinned ? undefined : this.data.groups(sel.name.value, groupBy);
      return Math.min(this.options.maxGroups, bound ?? this.options.maxGroups);
    }
    if (!isList(def.type) && this.data.isEntity(type.name)) return 1;
    return undefined;
  }

  private fragmentRows(name: string): number {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const fragment = this.options.fragments.get(name);
    // A cycle is refused by validation; here it only must not loop.
    if (!fragment || this.open.has(name)) return 0;
    this.open.add(name);
    const rows = this.rowsOf(fragment.selectionSet, this.schema.getType(fragment.typeCondition.name.value));
    this.open.delete(name);
    this.memo.set(name, rows);
    return rows;
  }
}

/**
 * An upper bound of the rows an operation can ask the subgraphs for, computed with the values it will run with (the
 * request's variables, then the operation's variable defaults, then the schema's argument defaults, then the default
 * page size), every alias counted:
 * - a paged field (one with a `first` argument) counts `first` rows for each row its parents can return, but never
 *   more than the latest snapshot of its product holds (when `data` knows it and no snapshot is pinned), so
 *   `customersV1(first: 100) { nodes { ordersV2(first: 5) { … } } }` counts 100 + 100 × 5 = 600;
 * - an aggregate field counts its groups: 1 without `groupBy`, else what `data` knows the group keys can take, at most
 *   `maxGroups`;
 * - a field returning one entity of a product (a lookup, a reference) counts one row.
 * Linear in the document: each fragment is walked once and its count reused at every spread.
 */
export function estimateRows(schema: GraphQLSchema, operation: OperationDefinitionNode, options: RowEstimateOptions): RowEstimate {
  const variables: Record<string, unknown> = {};
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue) variables[v.variable.name.value] = valueFromASTUntyped(v.defaultValue);
  }
  // A variable given as null stays null (the field then takes its own default), as graphql-js runs it.
  for (const [name, value] of Object.entries(options.variables)) if (value !== undefined) variables[name] = value;
  const root = schema.getRootType(operation.operation) ?? undefined;
  const estimator = new Estimator(schema, options, variables);
  const rows = estimator.rowsOf(operation.selectionSet, root);
  return { rows, visits: estimator.visits };
}
