import { dirname, join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { Document } from 'yaml';
import { decimalParts } from './decimalType';
import schema from './contract.schema.json';
import type { ContractFinding } from './contractFinding';
import { ContractError } from './contractFinding';
import { entityName } from './entityName';
import { parseDuration } from './parseDuration';
import { checkRenames } from './checkRenames';
import type { ColumnContract, ColumnRef, Layer, LogicalType, ProductContract, QualityTest, Severity, VersionContract } from './types';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** The raw YAML shapes, after JSON Schema validation. */
type RawTest = string | Record<string, { severity?: Severity; values?: unknown[] } | unknown[] | undefined>;
interface RawColumn { name: string; type: string; description?: string; pii?: boolean; references?: string; renamedFrom?: string; tests?: RawTest[] }
interface RawVersion {
  version: number; status: VersionContract['status']; sunset?: string; deprecatedAt?: string; deprecationReason?: string;
  primaryKey: string[]; columns: RawColumn[]; tests?: RawTest[];
}
interface RawContract {
  product: string; domain: string; entity?: string; owner: string; subscribers?: string[]; runbook?: string; description: string;
  freshness: { warnAfter: string; errorAfter: string }; lineage?: { upstream?: string[] }; versions: RawVersion[];
  layer?: Layer; build?: { sql: string };
}

/**
 * Parses and validates one contract file's text against the JSON Schema and the rules a schema cannot say (keys and
 * references name real columns, unique version numbers, exactly one current version, warnAfter before errorAfter).
 * @throws ContractError listing every finding with file, path, line, what was expected and what was found.
 */
export function parseContract(file: string, text: string): ProductContract {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const findings: ContractFinding[] = [];
  for (const e of doc.errors) {
    findings.push({ file, path: '', line: lineCounter.linePos(e.pos[0]).line, rule: 'yaml', message: e.message });
  }
  if (findings.length) throw new ContractError(findings);
  const raw: unknown = doc.toJS();
  // Reported with the schema's findings, so that one run lists every type DuckDB cannot create.
  const scales = scaleFindings(file, raw, (path) => lineOf(doc, lineCounter, path));
  if (!validate(raw)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'if' || (e.keyword === 'oneOf' && validate.errors!.some((o) => o.instancePath.startsWith(`${e.instancePath}/`)))) continue;
      findings.push({
        file, path: e.instancePath, line: lineOf(doc, lineCounter, e.instancePath), rule: 'schema',
        message: `${describeExpected(e.message, e.params, e.instancePath)}, found ${describeFound(raw, e.instancePath)}`,
      });
    }
    findings.push(...scales.filter((f) => !findings.some((g) => g.path === f.path)));
    throw new ContractError(findings);
  }
  const contract = normalise(file, raw as unknown as RawContract);
  findings.push(...scales, ...checkConsistency(contract, doc, lineCounter));
  if (findings.length) throw new ContractError(findings);
  return contract;
}

/** What a column's `type` may be, in words (the schema's pattern says the same). */
const TYPE_EXPECTED = 'expected a type among string, int32, int64, double, boolean, date, timestamp and decimal(p,s) ' +
  'with precision p from 1 to 38 and scale s from 0 to p, written without spaces or leading zeros';

/** `decimal(p,s)` column types whose scale is over their precision, which DuckDB cannot create and a schema cannot say. */
function scaleFindings(file: string, raw: unknown, line: (path: string) => number | undefined): ContractFinding[] {
  const findings: ContractFinding[] = [];
  const versions = (raw as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(versions)) return findings;
  versions.forEach((v: unknown, i) => {
    const columns = (v as { columns?: unknown } | null)?.columns;
    if (!Array.isArray(columns)) return;
    columns.forEach((c: unknown, j) => {
      const type = (c as { type?: unknown } | null)?.type;
      const decimal = typeof type === 'string' ? decimalParts(type) : undefined;
      if (!decimal || decimal.scale <= decimal.precision) return;
      const path = `/versions/${i}/columns/${j}/type`;
      findings.push({ file, path, line: line(path), rule: 'schema', message: `${TYPE_EXPECTED} (scale ${decimal.scale} is over precision ${decimal.precision}), found "${String(type)}"` });
    });
  });
  return findings;
}

function describeExpected(message: string | undefined, params: Record<string, unknown>, pointer: string): string {
  if (params.pattern && /\/columns\/\d+\/type$/.test(pointer)) return TYPE_EXPECTED;
  if (params.allowedValues) return `expected one of ${JSON.stringify(params.allowedValues)}`;
  if (params.additionalProperty) return `unexpected property "${String(params.additionalProperty)}"`;
  return `expected it ${message ?? 'to be valid'}`;
}

function describeFound(raw: unknown, pointer: string): string {
  const value = pointer.split('/').slice(1).reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), raw);
  if (value === undefined) return 'nothing';
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}

/** The 1-based line of the node at a JSON pointer, or of its nearest existing parent. */
export function lineOf(doc: Document, counter: LineCounter, pointer: string): number | undefined {
  const keys: (string | number)[] = pointer.split('/').slice(1).map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  for (let n = keys.length; n >= 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

function parseRef(text: string): ColumnRef {
  const [domain, product, column] = text.split('.') as [string, string, string];
  return { domain, product, column };
}

function normaliseTests(raw: RawTest[] | undefined, column: RawColumn | undefined): QualityTest[] {
  return (raw ?? []).map((t): QualityTest => {
    const [kind, options] = typeof t === 'string' ? [t, undefined] : (Object.entries(t)[0] as [string, unknown]);
    const opts = (Array.isArray(options) ? { values: options } : options ?? {}) as { severity?: Severity; values?: unknown[] };
    const severity = opts.severity ?? 'error';
    const col = column?.name ?? '';
    switch (kind) {
      case 'unique': return { kind, column: col, severity };
      case 'not_null': return { kind, column: col, severity };
      case 'accepted_values': return { kind, column: col, values: (opts.values ?? []) as (string | number | boolean)[], severity };
      case 'relationships':
        // The target is the column's own `references`; checkConsistency reports a relationships test without one.
        return { kind, column: col, to: column?.references ? parseRef(column.references) : { domain: '', product: '', column: '' }, severity };
      default: return { kind: 'not_empty', severity };
    }
  });
}

function normalise(file: string, raw: RawContract): ProductContract {
  return {
    product: raw.product,
    domain: raw.domain,
    entity: raw.entity ?? entityName(raw.product),
    owner: raw.owner,
    subscribers: raw.subscribers ?? [],
    runbook: raw.runbook,
    description: raw.description,
    freshness: {
      warnAfter: raw.freshness.warnAfter, errorAfter: raw.freshness.errorAfter,
      warnAfterMs: parseDuration(raw.freshness.warnAfter), errorAfterMs: parseDuration(raw.freshness.errorAfter),
    },
    lineage: { upstream: raw.lineage?.upstream ?? [] },
    ...(raw.layer ? { layer: raw.layer } : {}),
    ...(raw.build ? { build: { sql: raw.build.sql, path: join(dirname(file), raw.build.sql) } } : {}),
    file,
    versions: raw.versions.map((v): VersionContract => ({
      version: v.version,
      status: v.status,
      sunset: v.sunset,
      ...(v.deprecatedAt ? { deprecatedAt: v.deprecatedAt } : {}),
      deprecationReason: v.deprecationReason,
      primaryKey: v.primaryKey,
      columns: v.columns.map((c): ColumnContract => ({
        name: c.name, type: c.type as LogicalType, description: c.description, pii: c.pii ?? false,
        references: c.references ? parseRef(c.references) : undefined,
        ...(c.renamedFrom ? { renamedFrom: c.renamedFrom } : {}),
      })),
      tests: [...normaliseTests(v.tests, undefined), ...v.columns.flatMap((c) => normaliseTests(c.tests, c))],
    })),
  };
}

function checkConsistency(c: ProductContract, doc: Document, counter: LineCounter): ContractFinding[] {
  const findings: ContractFinding[] = [];
  const add = (path: string, rule: string, message: string): void => {
    findings.push({ file: c.file, path, line: lineOf(doc, counter, path), rule, message });
  };
  if (c.freshness.warnAfterMs > c.freshness.errorAfterMs) {
    add('/freshness', 'freshness', `expected warnAfter (${c.freshness.warnAfter}) to be no longer than errorAfter (${c.freshness.errorAfter})`);
  }
  const current = c.versions.filter((v) => v.status === 'current');
  if (current.length !== 1) add('/versions', 'versions/current', `expected exactly one version with status "current", found ${current.length}`);
  const seen = new Set<number>();
  c.versions.forEach((v, i) => {
    if (seen.has(v.version)) add(`/versions/${i}/version`, 'versions/unique', `expected unique version numbers, found ${v.version} twice`);
    seen.add(v.version);
    const names = new Set<string>();
    v.columns.forEach((col, j) => {
      if (names.has(col.name)) add(`/versions/${i}/columns/${j}/name`, 'columns/unique', `expected unique column names, found "${col.name}" twice`);
      names.add(col.name);
    });
    v.primaryKey.forEach((k, j) => {
      if (!names.has(k)) add(`/versions/${i}/primaryKey/${j}`, 'primaryKey/column', `expected a column of version ${v.version}, found "${k}"`);
    });
    findings.push(...checkRenames(v, i).map((f) => ({ ...f, file: c.file, line: lineOf(doc, counter, f.path) })));
    v.tests.forEach((t) => {
      if (t.kind === 'relationships' && !t.to.domain) {
        const j = v.columns.findIndex((col) => col.name === t.column);
        add(`/versions/${i}/columns/${j}/tests`, 'tests/relationships', `expected column "${t.column}" to have "references" for its relationships test, found none`);
      }
    });
  });
  return findings;
}
