import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseContract } from '../../engine/contract/parseContract';
import { publishProduct } from '../../engine/publish/publishProduct';
import { LocalStore } from '../../engine/storage/localStore';
import { tempFile } from './fixtures';

const YAML = `product: members
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
      - { name: email, type: string, pii: true, tests: [{ unique: { severity: warn } }, { accepted_values: { values: [x], severity: warn } }] }
      - { name: nickname, type: string, tests: [{ unique: { severity: warn } }] }
`;

const CSV = 'member_id,email,nickname\n1,ann@example.com,bee\n2,ann@example.com,bee\n3,bob@example.com,cat\n';

describe('quality test results of a pii column', () => {
  it('count the offending values but never quote them, in the manifest or in the error', async () => {
    const store = new LocalStore(await mkdtemp(join(tmpdir(), 'tessera-store-')));
    const input = await tempFile('members.csv', CSV);
    const manifest = await publishProduct({ store, contract: parseContract('club/members.yaml', YAML), inputs: [input] });
    const messages = Object.fromEntries(manifest.tests.map((t) => [t.name, t.message]));
    expect(messages).toEqual({
      'unique(email)': 'expected none, found 1 value occurring more than once (values withheld: pii column)',
      'accepted_values(email)': 'expected none, found 3 values outside [x] (values withheld: pii column)',
      'unique(nickname)': 'expected none, found 1 value occurring more than once, e.g. "bee"',
    });
    expect(String(await store.get(`club/members/v1/${manifest.snapshotId}/_manifest.json`))).not.toContain('@example.com');
    const strict = parseContract('club/members.yaml', YAML.replace('{ unique: { severity: warn } }, { accepted', 'unique, { accepted'));
    const err = await publishProduct({ store, contract: strict, inputs: [input] }).then(() => undefined, (e: Error) => e);
    expect(err?.message).toContain('unique(email): expected none, found 1 value occurring more than once (values withheld: pii column)');
    expect(err?.message).not.toContain('@example.com');
  });
});
