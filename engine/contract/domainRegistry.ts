import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { LineCounter, parseDocument } from 'yaml';
import { localUrl } from '../localUrl';
import type { ContractFinding } from './contractFinding';
import { ContractError } from './contractFinding';
import schema from './domainRegistry.schema.json';
import { lineOf } from './parseContract';

/** The registry's file name inside the schema folder. */
export const DOMAIN_REGISTRY_FILE = 'domains.yaml';

/** The registry entry of the platform's catalog subgraph (every other entry is a domain folder). */
export const PLATFORM_SUBGRAPH_NAME = 'platform';

/** One subgraph's declared address. */
export interface SubgraphAddress {
  name: string;
  /** Where it listens (and where the gateway reaches it on this machine). */
  port: number;
  /** Where the gateway reaches it in a deployment, when declared. */
  url?: string;
  /** 1-based line of its entry in the registry file. */
  line?: number;
}

/** The parsed registry: every subgraph's address, in file order. */
export interface DomainRegistry {
  /** The file, relative to the working directory. */
  file: string;
  subgraphs: readonly SubgraphAddress[];
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** `<schemaDir>/domains.yaml`. */
export function domainRegistryPath(schemaDir: string): string {
  return join(schemaDir, DOMAIN_REGISTRY_FILE);
}

function schemaMessage(message: string | undefined, params: Record<string, unknown>): string {
  if (params.additionalProperty) return `unexpected property "${String(params.additionalProperty)}" (an entry has port and optionally url)`;
  if (params.propertyName) return `expected a subgraph name in snake_case (the domain folder's name), found "${String(params.propertyName)}"`;
  return `expected it ${message ?? 'to be valid'}`;
}

/**
 * Parses and validates the registry's text against its JSON Schema, and checks that no two subgraphs share a port
 * or a URL (so no address follows from another entry).
 * @throws ContractError listing every finding with file, path and line.
 */
export function parseDomainRegistry(file: string, text: string): DomainRegistry {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const findings: ContractFinding[] = doc.errors.map((e) => ({ file, path: '', line: counter.linePos(e.pos[0]).line, rule: 'yaml', message: e.message }));
  if (findings.length) throw new ContractError(findings);
  const raw: unknown = doc.toJS();
  if (!validate(raw)) {
    for (const e of validate.errors ?? []) {
      // A bad name is reported twice (its pattern, then propertyNames): keep the one naming the property.
      if (e.propertyName !== undefined) continue;
      const path = e.params.propertyName ? `${e.instancePath}/${String(e.params.propertyName)}` : e.instancePath;
      findings.push({ file, path, line: lineOf(doc, counter, path), rule: 'registry/schema', message: schemaMessage(e.message, e.params) });
    }
    throw new ContractError(findings);
  }
  const entries = Object.entries((raw as { subgraphs: Record<string, { port: number; url?: string }> }).subgraphs);
  const subgraphs = entries.map(([name, e]) => ({ name, port: e.port, url: e.url, line: lineOf(doc, counter, `/subgraphs/${name}`) }));
  for (const [key, what] of [['port', 'port'], ['url', 'URL']] as const) {
    const first = new Map<unknown, string>();
    for (const s of subgraphs) {
      if (s[key] === undefined) continue;
      const owner = first.get(s[key]);
      if (owner === undefined) first.set(s[key], s.name);
      else findings.push({ file, path: `/subgraphs/${s.name}/${key}`, line: lineOf(doc, counter, `/subgraphs/${s.name}/${key}`), rule: `registry/duplicate_${key}`, message: `expected a ${what} of its own, found ${String(s[key])}, already declared for "${owner}"` });
    }
  }
  if (findings.length) throw new ContractError(findings);
  return { file, subgraphs };
}

/**
 * Reads and parses `<schemaDir>/domains.yaml` (see {@link parseDomainRegistry}).
 * @throws ContractError when the file is missing or invalid.
 */
export async function readDomainRegistry(schemaDir: string): Promise<DomainRegistry> {
  const path = domainRegistryPath(schemaDir);
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ContractError([{ file, path: '', rule: 'registry/missing', message: 'expected the domain registry (every subgraph with its port), found no file' }]);
  }
  return parseDomainRegistry(file, text);
}

/**
 * The declared address of subgraph `name`.
 * @throws Error naming the registry file when it has no entry for `name`.
 */
export function subgraphAddress(registry: DomainRegistry, name: string): SubgraphAddress {
  const found = registry.subgraphs.find((s) => s.name === name);
  if (!found) throw new Error(`expected an entry for subgraph "${name}" in ${registry.file} (${registry.subgraphs.map((s) => s.name).join(', ')}), found none`);
  return found;
}

/**
 * The URL the gateway reaches a subgraph at, as the supergraph records it: its deployment URL when declared, else
 * its port on this machine (`http://127.0.0.1:<port>/graphql`).
 */
export function declaredUrl(address: SubgraphAddress): string {
  return address.url ?? localUrl('127.0.0.1', address.port, '/graphql');
}
