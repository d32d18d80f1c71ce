import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../engine/contract/parseContract';
import type { ProductContract } from '../../engine/contract/types';
import type { TesseraError } from '../../engine/errors';
import { isTesseraError } from '../../engine/errors';
import { LocalStore } from '../../engine/storage/localStore';

/** A contract using every logical type, keyed by an int64. */
export const SAMPLES_YAML = `product: samples
domain: lab
owner: qa-team
description: Values that must survive a publish exactly.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [sample_id]
    tests: [not_empty]
    columns:
      - { name: sample_id, type: int64, tests: [unique, not_null] }
      - { name: small, type: int32 }
      - { name: label, type: string }
      - { name: amount, type: "decimal(18,4)" }
      - { name: ratio, type: double }
      - { name: is_ok, type: boolean }
      - { name: seen_at, type: timestamp }
      - { name: seen_on, type: date }
      - { name: kind, type: string, tests: [{ accepted_values: { values: [a, b], severity: warn } }] }
`;

/** The samples contract, parsed. */
export function samplesContract(yaml = SAMPLES_YAML): ProductContract {
  return parseContract('lab/samples.yaml', yaml);
}

/** CSV rows out of key order: int64 extremes and beyond 2^53, unicode, "" (empty string) against an empty field (null). */
export const SAMPLES_CSV = `sample_id,small,label,amount,ratio,is_ok,seen_at,seen_on,kind
9007199254740993,-2147483648,"héllo, 世界 🌍 ""quoted""",12345678901234.5678,0.1,true,2024-03-10T12:34:56.123456Z,2024-03-10,a
-9223372036854775808,2147483647,"",-0.0001,-1.5e300,false,2024-03-10T14:34:56+02:00,1970-01-01,c
9223372036854775807,,,,,,,,
`;

/** What reading the published samples back gives, in key order. */
export const SAMPLES_EXPECTED = [
  { sample_id: '-9223372036854775808', small: 2147483647, label: '', amount: '-0.0001', ratio: -1.5e300, is_ok: false, seen_at: '2024-03-10 12:34:56', seen_on: '1970-01-01', kind: 'c' },
  { sample_id: '9007199254740993', small: -2147483648, label: 'héllo, 世界 🌍 "quoted"', amount: '12345678901234.5678', ratio: 0.1, is_ok: true, seen_at: '2024-03-10 12:34:56.123456', seen_on: '2024-03-10', kind: 'a' },
  { sample_id: '9223372036854775807', small: null, label: null, amount: null, ratio: null, is_ok: null, seen_at: null, seen_on: null, kind: null },
];

/** The same rows as JSON lines (big integers as JSON numbers, the decimal as a string to keep every digit). */
export const SAMPLES_JSONL = [
  '{"sample_id": 9007199254740993, "small": -2147483648, "label": "héllo, 世界 🌍 \\"quoted\\"", "amount": "12345678901234.5678", "ratio": 0.1, "is_ok": true, "seen_at": "2024-03-10T12:34:56.123456Z", "seen_on": "2024-03-10", "kind": "a"}',
  '{"sample_id": -9223372036854775808, "small": 2147483647, "label": "", "amount": -0.0001, "ratio": -1.5e300, "is_ok": false, "seen_at": "2024-03-10T14:34:56+02:00", "seen_on": "1970-01-01", "kind": "c"}',
  '{"sample_id": 9223372036854775807, "small": null, "label": null}',
].join('\n');

/** Writes `text` to a new temporary file named `name` and returns its path. */
export async function tempFile(name: string, text: string): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'tessera-input-')), name);
  await writeFile(path, text);
  return path;
}

/** A store on a new temporary folder. */
export async function localStore(): Promise<LocalStore> {
  return new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
}

/** The TesseraError a publish was rejected with; fails the test when it was not rejected that way. */
export async function rejection(promise: Promise<unknown>): Promise<TesseraError> {
  try {
    await promise;
  } catch (err) {
    if (isTesseraError(err)) return err;
    throw err;
  }
  throw new Error('expected the publish to be rejected');
}
