import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const BIN = join(__dirname, '..', '..', 'cli', 'tessera.js');

async function tessera(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { env: { ...process.env, TESSERA_DUCKDB_THREADS: '1' } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('the tessera CLI', () => {
  it('checks contracts: every finding listed, exit code 1', async () => {
    const schema = await mkdtemp(join(tmpdir(), 'tessera-schema-'));
    await mkdir(join(schema, 'merchandising'));
    const text = (await readFile('schema/merchandising/products.yaml', 'utf8')).replace('name: is_active', 'name: active').replace('name: created_at', 'name: created');
    await writeFile(join(schema, 'merchandising', 'products.yaml'), text);
    await writeFile(join(schema, 'domains.yaml'), 'subgraphs:\n  merchandising: { port: 4001 }\n  platform: { port: 4004 }\n');
    await writeFile(join(schema, 'owners.yaml'), 'owners:\n  merchandising: { description: Catalogue., contact: merch@example.com }\n');
    const store = await mkdtemp(join(tmpdir(), 'tessera-store-'));
    const ok = await tessera('check', '--schema', 'schema', '--store', store);
    expect(ok).toMatchObject({ code: 0, stdout: '5 contracts OK\n' });
    const bad = await tessera('check', '--schema', schema, '--store', store);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/products\.yaml:\d+ \/versions\/0\/columns\/4\/name: expected boolean column "active" to start with is_ or has_ \[naming\/boolean_prefix\]/);
    expect(bad.stdout).toMatch(/expected timestamp column "created" to end in _at/);
    expect(bad.stdout).toContain('2 findings');
  });

  it('publishes, lists snapshots and collects garbage', async () => {
    const store = await mkdtemp(join(tmpdir(), 'tessera-store-'));
    const input = join(store, '..', `products-${Date.now()}.csv`);
    await writeFile(input, 'product_id,name,category,price,is_active,created_at,released_on\nP1,Mug,kitchen,9.90,true,2024-01-01T10:00:00Z,2024-01-01\n');
    const published = await tessera('publish', 'schema/merchandising/products.yaml', '--input', input, '--store', store, '--publisher', 'merch-bot');
    expect(published.stdout).toMatch(/^published merchandising\.products v1 snapshot \d{8}T\d{9}Z-[0-9a-f]{6}: 1 row in 1 file\n$/);
    await tessera('publish', 'schema/merchandising/products.yaml', '--input', input, '--store', store);
    const listed = await tessera('snapshots', 'merchandising.products', '--store', store);
    expect(listed.stdout.trim().split('\n')).toHaveLength(3);
    expect(listed.stdout).toContain('merch-bot');
    const gc = await tessera('gc', '--keep', '1', '--grace', '0m', '--store', store);
    expect(gc.stdout).toContain('1 snapshot folder(s) removed');
    const bad = await tessera('publish', 'schema/merchandising/products.yaml', '--input', input, '--store', store, '--version', '7');
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining('error: expected a version of merchandising.products (1), got 7') });
  });
});
