import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { publishCommand } from '../../cli/publishCommand';
import { listPublishFailures } from '../../engine/governance/publishFailure';
import { LocalStore } from '../../engine/storage/localStore';

const MEMBERS = `product: members
domain: club
owner: club-team
description: Members.
freshness: { warnAfter: 1d, errorAfter: 2d }
versions:
  - version: 1
    status: current
    primaryKey: [member_id]
    columns:
      - { name: member_id, type: int32 }
      - { name: birth_year, type: int32, pii: true }
      - { name: email, type: string, pii: true, tests: [unique] }
`;

/** Runs `tessera publish` in this process, as the CLI does; resolves with the error it stopped with, if any. */
async function publish(contract: string, input: string, store: string): Promise<Error | undefined> {
  const program = new Command().exitOverride();
  publishCommand(program);
  return program.parseAsync(['node', 'tessera', 'publish', contract, '--input', input, '--store', store, '--publisher', 'club-bot', '--schema', join(store, 'none')])
    .then(() => undefined, (err: Error) => err);
}

describe('tessera publish records its failures for the monitor', () => {
  it('with what failed, the inputs and the code, never a value of a pii column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tessera-failure-'));
    const contract = join(dir, 'members.yaml');
    await writeFile(contract, MEMBERS);
    const bad = join(dir, 'members.csv');
    await writeFile(bad, 'member_id,birth_year,email\n1,19x4,ann@example.com\nseven,1990,bob@example.com\n');
    const dupes = join(dir, 'dupes.csv');
    await writeFile(dupes, 'member_id,birth_year,email\n1,1984,ann@example.com\n2,1990,ann@example.com\n');
    const store = join(dir, 'data');

    const err = await publish(contract, bad, store);
    expect(err?.message).toContain('19x4');
    expect(await publish(contract, dupes, store)).toBeDefined();
    const records = await listPublishFailures(new LocalStore(store));
    expect(records.map((r) => [r.domain, r.product, r.version, r.code, r.publisher, r.inputs])).toEqual([
      ['club', 'members', 1, 'INPUT_INVALID', 'club-bot', ['members.csv']],
      ['club', 'members', 1, 'QUALITY_TEST_FAILED', 'club-bot', ['dupes.csv']],
    ]);
    expect(records[0]!.message).toContain('line 2, column birth_year: expected');
    expect(records[0]!.message).toContain('(value withheld: pii column)');
    expect(records[0]!.message).toContain('"seven"');
    expect(records[1]!.message).toContain('unique(email)');
    for (const r of records) expect(JSON.stringify(r)).not.toMatch(/19x4|ann@example|bob@example|1984|1990/);
  });
});
