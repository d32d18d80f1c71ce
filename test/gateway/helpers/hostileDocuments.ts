/** Small hostile GraphQL documents, shared by the fuzz test and the benchmark of answer times. */

/** `levels` fragments, each spreading the next twice: ~40 bytes a level, 2^levels selections once expanded. */
export function fragmentBomb(levels: number, type = 'DataProduct', field = 'id'): string {
  let doc = `{ dataProducts { ...F0 } } fragment F${levels} on ${type} { ${field} }`;
  for (let i = 0; i < levels; i++) doc += ` fragment F${i} on ${type} { ...F${i + 1} ...F${i + 1} }`;
  return doc;
}

/** Fields nested `depth` deep: `{ dataProducts { downstream { downstream { … id } } } }`. */
export function deepNesting(depth: number): string {
  return `{ dataProducts { ${'downstream { '.repeat(depth)}id${' }'.repeat(depth)} } }`;
}

/** `count` aliases of one field. */
export function aliasBomb(count: number): string {
  return `{ ${Array.from({ length: count }, (_, i) => `a${i}: whoami { subject }`).join(' ')} }`;
}

/** The same field with a sub-selection `count` times in one selection set (quadratic in graphql-js's merge check). */
export function repeatedFields(count: number): string {
  return `{ ${'dataProducts { id } '.repeat(count)} }`;
}

/** A string literal of `length` characters. */
export function hugeLiteral(length: number): string {
  return `{ dataProduct(id: "${'x'.repeat(length)}") { id } }`;
}

/** A list value nested `depth` deep. */
export function deepValue(depth: number): string {
  return `{ dataProduct(id: ${'['.repeat(depth)}"x"${']'.repeat(depth)}) { id } }`;
}

/** Fragments spreading each other in a ring of `length`. */
export function fragmentCycle(length: number): string {
  let doc = '{ ...C0 }';
  for (let i = 0; i < length; i++) doc += ` fragment C${i} on Query { whoami { subject } ...C${(i + 1) % length} }`;
  return doc;
}

/** A chain of `length` fragments, each spreading the next once. */
export function fragmentChain(length: number): string {
  let doc = `{ ...H0 } fragment H${length} on Query { whoami { subject } }`;
  for (let i = 0; i < length; i++) doc += ` fragment H${i} on Query { ...H${i + 1} }`;
  return doc;
}

/** One of each kind, small (each under ~4 KB), named. */
export function hostileDocuments(): { name: string; query: string }[] {
  return [
    { name: 'fragment bomb, 40 levels', query: fragmentBomb(40) },
    { name: 'fragment bomb, 25 levels', query: fragmentBomb(25) },
    { name: 'fragment bomb under the selection cap (10 levels)', query: fragmentBomb(10) },
    { name: 'nested fields, 200 deep', query: deepNesting(200) },
    { name: 'aliases, 300', query: aliasBomb(300) },
    { name: 'same field 150 times', query: repeatedFields(150) },
    { name: 'same field 60 times', query: repeatedFields(60) },
    { name: 'list value 500 deep', query: deepValue(500) },
    { name: 'fragment cycle of 50', query: fragmentCycle(50) },
    { name: 'fragment chain of 150', query: fragmentChain(150) },
  ];
}
