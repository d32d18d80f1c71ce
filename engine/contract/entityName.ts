/**
 * The default GraphQL entity name of a product: singular PascalCase (`orders` → `Order`, `order_lines` → `OrderLine`,
 * `categories` → `Category`). A contract's `entity:` overrides it where English is less regular.
 */
export function entityName(product: string): string {
  const words = product.split('_');
  const last = words.pop() ?? '';
  words.push(singular(last));
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singular(word: string): string {
  if (word.endsWith('ies') && word.length > 3) return `${word.slice(0, -3)}y`;
  if (/(ss|us)$/.test(word)) return word;
  if (/(sh|ch|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && word.length > 1) return word.slice(0, -1);
  return word;
}
