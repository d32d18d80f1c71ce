/** A GraphQL string literal: JSON escaping is valid GraphQL string escaping. */
export function gqlString(text: string): string {
  return JSON.stringify(text);
}

/** A description placed before a definition, indented; a block string when it spans lines. */
export function describe(text: string | undefined, indent = ''): string {
  if (!text) return '';
  if (!text.includes('\n')) return `${indent}${gqlString(text)}\n`;
  const body = text.replace(/\\"""/g, '\\\\"""').replace(/"""/g, '\\"""').split('\n').map((l) => (l ? `${indent}${l}` : '')).join('\n');
  return `${indent}"""\n${body}\n${indent}"""\n`;
}

/** `@deprecated(reason: "...")`, or nothing. */
export function deprecated(reason: string | undefined): string {
  return reason === undefined ? '' : ` @deprecated(reason: ${gqlString(reason)})`;
}
