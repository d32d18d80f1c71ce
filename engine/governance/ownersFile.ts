import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { LineCounter, parseDocument } from 'yaml';
import type { ContractFinding } from '../contract/contractFinding';
import { ContractError } from '../contract/contractFinding';
import { lineOf } from '../contract/parseContract';
import { EVENT_TYPES, isKnownEventPattern } from './eventTypes';
import schema from './owners.schema.json';

/** The owners file's name inside the schema folder. */
export const OWNERS_FILE = 'owners.yaml';

/** One webhook of an owner, as declared. */
export interface OwnerWebhook {
  url: string;
  /** The monitor's environment variable holding the signing secret. */
  secretEnv: string;
  /** Event types it wants (exact, `family.*` or `*`). @default every type */
  events: readonly string[];
}

/** One owner handle, as contracts name it in `owner:` and `subscribers:`. */
export interface Owner {
  handle: string;
  description: string;
  contact: string;
  webhooks: readonly OwnerWebhook[];
  /** 1-based line of its entry in the owners file. */
  line?: number;
}

/** The parsed owners file. */
export interface OwnersFile {
  /** The file, relative to the working directory. */
  file: string;
  owners: ReadonlyMap<string, Owner>;
}

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

interface RawWebhook { url: string; secretEnv: string; events?: string[] }
interface RawOwner { description: string; contact: string; webhooks?: RawWebhook[] }

/** `<schemaDir>/owners.yaml`. */
export function ownersPath(schemaDir: string): string {
  return join(schemaDir, OWNERS_FILE);
}

function schemaMessage(message: string | undefined, params: Record<string, unknown>, path: string): string {
  if (params.additionalProperty) return `unexpected property "${String(params.additionalProperty)}" (an owner has description, contact and webhooks; a webhook url, secretEnv and events)`;
  if (params.propertyName) return `expected an owner handle (lower case letters, digits, ".", "_" and "-"), found "${String(params.propertyName)}"`;
  if (params.missingProperty) return `expected property "${String(params.missingProperty)}", found none`;
  if (/\/events\/\d+$/.test(path)) return `expected an event type (${EVENT_TYPES.join(', ')}), a family such as "freshness.*", or "*"`;
  if (/\/url$/.test(path)) return 'expected an http or https URL';
  if (/\/secretEnv$/.test(path)) return 'expected the name of an environment variable in upper case, e.g. TESSERA_WEBHOOK_SECRET_SALES';
  return `expected it ${message ?? 'to be valid'}`;
}

/**
 * Parses and validates the owners file's text against its JSON Schema, and checks that every event pattern selects
 * a known event type.
 * @throws ContractError listing every finding with file, path and line.
 */
export function parseOwners(file: string, text: string): OwnersFile {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const findings: ContractFinding[] = doc.errors.map((e) => ({ file, path: '', line: counter.linePos(e.pos[0]).line, rule: 'yaml', message: e.message }));
  if (findings.length) throw new ContractError(findings);
  const raw: unknown = doc.toJS();
  const add = (path: string, rule: string, message: string): void => {
    findings.push({ file, path, line: lineOf(doc, counter, path), rule, message });
  };
  if (!validate(raw)) {
    for (const e of validate.errors ?? []) {
      // A bad handle is reported twice (its pattern, then propertyNames): keep the one naming the property.
      if (e.propertyName !== undefined) continue;
      // Point at the offending key itself where there is one, so the line is the one to edit.
      const key = e.params.propertyName ?? e.params.additionalProperty;
      const path = key !== undefined ? `${e.instancePath}/${String(key)}` : e.instancePath;
      add(path, 'owners/schema', schemaMessage(e.message, e.params, path));
    }
    throw new ContractError(findings);
  }
  const owners = new Map<string, Owner>();
  for (const [handle, o] of Object.entries((raw as { owners: Record<string, RawOwner> }).owners)) {
    (o.webhooks ?? []).forEach((w, i) => (w.events ?? []).forEach((pattern, j) => {
      if (!isKnownEventPattern(pattern)) add(`/owners/${handle}/webhooks/${i}/events/${j}`, 'owners/event_type', `expected an event type (${EVENT_TYPES.join(', ')}), a family such as "freshness.*", or "*", found "${pattern}"`);
    }));
    owners.set(handle, {
      handle, description: o.description, contact: o.contact, line: lineOf(doc, counter, `/owners/${handle}`),
      webhooks: (o.webhooks ?? []).map((w) => ({ url: w.url, secretEnv: w.secretEnv, events: w.events ?? ['*'] })),
    });
  }
  if (findings.length) throw new ContractError(findings);
  return { file, owners };
}

/**
 * Reads and parses `<schemaDir>/owners.yaml` (see {@link parseOwners}).
 * @throws ContractError when the file is missing or invalid.
 */
export async function readOwners(schemaDir: string): Promise<OwnersFile> {
  const path = ownersPath(schemaDir);
  const file = relative(process.cwd(), path) || path;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new ContractError([{ file, path: '', rule: 'owners/missing', message: 'expected the owners file (every owner handle the contracts name, with its channels), found no file' }]);
  }
  return parseOwners(file, text);
}
