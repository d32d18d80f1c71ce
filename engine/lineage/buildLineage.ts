/** A product a build reads: `domain.product`, at the version its SQL names (`domain.product.v<N>`) or the current one. */
export interface BuildInput {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  /** True when the SQL pinned the major version (`domain.product.v<N>`). */
  pinned: boolean;
}

/** A column of a product version: a node of column-level lineage. */
export interface ColumnSource {
  /** `<domain>.<product>` */
  product: string;
  version: number;
  column: string;
}

/** One output column of a build and the input columns its values are computed from (sorted, no duplicates). */
export interface OutputColumn {
  name: string;
  sources: ColumnSource[];
}

/** Something in a build's SQL that lineage cannot accept, with where it is in the SQL text when DuckDB said so. */
export interface LineageProblem {
  message: string;
  /** 0-based character offset in the SQL text. */
  position?: number;
}

/**
 * The lineage of one build: the products it reads (table level) and, for each output column in SELECT order, the
 * input columns it is computed from (column level). Columns only filtered or joined on are not sources of an output
 * column but are listed in `filters`, and their product is an input. `problems` is empty when the SQL is a build lineage can follow.
 */
export interface BuildLineage {
  inputs: BuildInput[];
  columns: OutputColumn[];
  /**
   * The input columns the SQL filters or joins on (WHERE, HAVING, QUALIFY, JOIN ON and USING, at any depth): which
   * rows a build yields depends on them, so every output column does. Sorted, no duplicates.
   */
  filters: ColumnSource[];
  problems: LineageProblem[];
}
