/** A node of DuckDB's serialized parse tree (`json_serialize_sql`): an object of named children. */
export type AstNode = { [key: string]: unknown };

/** True when `value` is a parse-tree node (a JSON object). */
export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The child node at `key`, or undefined when it is absent or null. */
export function child(node: AstNode, key: string): AstNode | undefined {
  const value = node[key];
  return isNode(value) ? value : undefined;
}

/** The child nodes in the array at `key` (empty when absent). */
export function children(node: AstNode, key: string): AstNode[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter(isNode) : [];
}

/** The string at `key`, or '' when absent. */
export function text(node: AstNode, key: string): string {
  const value = node[key];
  return typeof value === 'string' ? value : '';
}

/** The strings in the array at `key`. */
export function texts(node: AstNode, key: string): string[] {
  const value = node[key];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The node's character offset in the SQL text, when the parser recorded one. */
export function position(node: AstNode): number | undefined {
  const value = node.query_location;
  // DuckDB marks "no location" with the largest unsigned 64-bit value.
  return typeof value === 'number' && value < 2 ** 40 ? value : undefined;
}

/** The `key`/`value` pairs of a serialized map (`cte_map.map`, `replace_list`). */
export function entries(node: AstNode | undefined, key: string): [string, AstNode][] {
  if (!node) return [];
  return children(node, key).map((e): [string, AstNode] => [text(e, 'key'), child(e, 'value') ?? {}]);
}

/** Keys of expression nodes that hold no sub-expression: not walked. */
export const LEAF_KEYS = new Set(['class', 'type', 'alias', 'query_location', 'value', 'cast_type', 'function_name', 'schema', 'catalog']);

/** Every expression node directly inside a value: itself, or the nodes of arrays and of plain wrapper objects. */
export function nested(value: unknown): AstNode[] {
  if (Array.isArray(value)) return value.flatMap(nested);
  if (!isNode(value)) return [];
  if (typeof value.class === 'string') return [value];
  // Wrappers such as ORDER BY lists and CASE checks: walk their members.
  return Object.entries(value).filter(([k]) => !LEAF_KEYS.has(k)).flatMap(([, v]) => nested(v));
}
