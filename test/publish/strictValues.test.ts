import { publishProduct } from '../../engine/publish/publishProduct';
import { readSnapshot } from '../helpers/readSnapshot';
import { localStore, rejection, samplesContract, tempFile } from './fixtures';

const HEADER = 'sample_id,small,label,amount,ratio,is_ok,seen_at,seen_on,kind';


/** One CSV row of the samples contract with the given boolean and timestamp text. */
const row = (id: number, isOk: string, seenAt: string): string => `${id},1,x,1,1,${isOk},${seenAt},2024-01-01,a`;

describe('publish checks booleans and timestamps, never sniffs them', () => {
  it('accepts true/false in any case and ISO 8601 timestamps with T or a space, a zone and up to microseconds', async () => {
    const store = await localStore();
    const csv = [HEADER,
      row(1, 'TRUE', '2024-03-10T12:34:56Z'),
      row(2, 'False', '2024-03-10 12:34:56.5'),
      row(3, 'true', '2024-03-10T14:34:56.123456+02:00'),
      row(4, ' false ', '2024-03-10 12:34:56+00'),
    ].join('\n');
    const manifest = await publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('ok.csv', `${csv}\n`)] });
    const rows = (await readSnapshot(store, manifest)).map((r) => [r.is_ok, r.seen_at]);
    expect(rows).toEqual([
      [true, '2024-03-10 12:34:56'], [false, '2024-03-10 12:34:56.5'], [true, '2024-03-10 12:34:56.123456'], [false, '2024-03-10 12:34:56'],
    ]);
  });

  it('reports loose booleans, dates without a time and sub-microsecond timestamps by line, column and value, and writes nothing', async () => {
    const store = await localStore();
    const csv = [HEADER,
      row(1, 'yes', '2024-03-10T12:34:56Z'),
      row(2, '1', '2024-03-10T12:34:56Z'),
      row(3, '0', '2024-03-10T12:34:56Z'),
      row(4, 't', '2024-03-10T12:34:56Z'),
      row(5, 'true', '2026-11-20'),
      row(6, 'true', '2024-03-10T12:34:56.1234567Z'),
      row(7, 'true', '2024-03-10T12:34'),
      row(8, 'true', '2024-03-10T12:34:56Z'),
    ].join('\n');
    const err = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('loose.csv', `${csv}\n`)] }));
    expect(err.code).toBe('INPUT_INVALID');
    expect(err.details.offendingRows).toBe(7);
    expect(err.message).toMatch(/^7 input rows do not fit the contract; nothing was written\./);
    const bool = 'expected boolean (true or false)';
    const ts = 'expected timestamp (YYYY-MM-DDTHH:MM:SS[.ffffff][Z|±HH:MM], years 0001 to 9999 in UTC)';
    expect(err.message.split('\n').slice(1)).toEqual([
      `  loose.csv line 2, column is_ok: ${bool}, found "yes"`,
      `  loose.csv line 3, column is_ok: ${bool}, found "1"`,
      `  loose.csv line 4, column is_ok: ${bool}, found "0"`,
      `  loose.csv line 5, column is_ok: ${bool}, found "t"`,
      `  loose.csv line 6, column seen_at: ${ts}, found "2026-11-20"`,
      `  loose.csv line 7, column seen_at: ${ts}, found "2024-03-10T12:34:56.1234567Z"`,
      `  loose.csv line 8, column seen_at: ${ts}, found "2024-03-10T12:34"`,
    ]);
    expect(await store.list('')).toEqual([]);
  });

  it('holds JSON lines to the same rules: a number is not a boolean', async () => {
    const store = await localStore();
    const jsonl = '{"sample_id": 1, "is_ok": 1}\n{"sample_id": 2, "is_ok": true, "seen_at": "2024-03-10"}\n';
    const err = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('loose.jsonl', jsonl)] }));
    expect(err.details.offending).toEqual([
      expect.objectContaining({ line: 1, column: 'is_ok', value: '1' }),
      expect.objectContaining({ line: 2, column: 'seen_at', value: '2024-03-10' }),
    ]);
    expect(await store.list('')).toEqual([]);
  });

  it('speaks of a single offending row in the singular', async () => {
    const store = await localStore();
    const csv = [HEADER, row(1, 'true', '2024-03-10T12:34:56Z'), row(2, 'yes', '2024-03-10T12:34:56Z')].join('\n');
    const err = await rejection(publishProduct({ store, contract: samplesContract(), inputs: [await tempFile('one.csv', `${csv}\n`)] }));
    expect(err.message).toBe('1 input row does not fit the contract; nothing was written. It is:\n' +
      '  one.csv line 3, column is_ok: expected boolean (true or false), found "yes"');
  });
});
