import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkContracts } from '../../engine/check/checkContracts';

/** Writes `schema/<domain>/<file>` files and returns the schema folder. */
async function schema(dir: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, 'schema');
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return root;
}

function contract(domain: string, product: string, columns: string[], extra = ''): string {
  return [`product: ${product}`, `domain: ${domain}`, 'owner: t', 'description: d', 'freshness: { warnAfter: 1h, errorAfter: 2h }', extra,
    'versions:', `  - { version: 1, status: current, primaryKey: [${columns[0]}], columns: [${columns.map((c) => `{ name: ${c}, type: string }`).join(', ')}] }`]
    .filter(Boolean).join('\n');
}

describe('tessera check on products built from SQL', () => {
  let dir: string;
  beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'tessera-check-build-')); });
  afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

  const findings = async (files: Record<string, string>): Promise<string[]> => {
    const { findings: all } = await checkContracts(await schema(dir, files));
    return all.filter((f) => /^(build|layers)\//.test(f.rule)).map((f) => `${f.file.replace(`${dir}/`, '').replace(/^.*schema\//, '')}:${f.line ?? '-'} ${f.rule} ${f.message}`);
  };

  const BASE = {
    'raw/events.yaml': contract('raw', 'events', ['event_id', 'user_id', 'kind'], 'layer: bronze'),
    'core/users.yaml': contract('core', 'users', ['user_id', 'name'], 'layer: silver'),
  };

  it('accepts a build that reads existing products and columns and returns the contract\'s columns', async () => {
    expect(await findings({ ...BASE,
      'core/user_events.yaml': contract('core', 'user_events', ['user_id', 'name', 'events'], 'layer: silver\nbuild: { sql: user_events.sql }\nlineage: { upstream: [app.tracking, raw.events] }'),
      'core/user_events.sql': 'SELECT u.user_id, u.name, count(e.event_id) AS events\nFROM core.users u LEFT JOIN raw.events e USING (user_id)\nGROUP BY ALL',
    })).toEqual([]);
  });

  it('refuses unknown products and columns at their line in the SQL file, and SQL that is not one SELECT', async () => {
    expect(await findings({ ...BASE,
      'core/a_user_events.yaml': contract('core', 'a_user_events', ['user_id', 'events'], 'build: { sql: a.sql }'),
      'core/a.sql': 'SELECT u.user_id,\n  count(u.nope) AS events\nFROM core.users u\nJOIN core.missing m ON m.user_id = u.user_id\nGROUP BY 1',
      'core/b_broken.yaml': contract('core', 'b_broken', ['user_id'], 'build: { sql: b.sql }'),
      'core/b.sql': 'SELECT user_id FROM core.users; SELECT 1',
    })).toEqual([
      'core/a.sql:2 build/lineage expected a column of core.users v1 (as u): user_id, name, found "u.nope"',
      'core/a.sql:4 build/lineage expected a product of this hub, found "core.missing", which has no contract',
      'core/b.sql:- build/sql expected one SELECT statement, found 2',
    ]);
  });

  it('refuses output columns that differ from the contract and a declared upstream the SQL does not read', async () => {
    expect(await findings({ ...BASE,
      'core/names.yaml': contract('core', 'names', ['user_id', 'display_name'], 'build: { sql: names.sql }\nlineage: { upstream: [raw.events, crm.people] }'),
      'core/names.sql': 'SELECT user_id, name FROM core.users',
    })).toEqual([
      'core/names.yaml:6 build/columns expected names.sql to return the columns of core.names v1 (user_id, display_name), found user_id, name (missing display_name; unexpected name)',
      'core/names.yaml:7 build/upstream expected declared upstream raw.events to be read by names.sql, which reads core.users; declare only sources outside the hub, or read it',
    ]);
  });

  it('applies the layer rules to build inputs and declared upstream products', async () => {
    expect(await findings({ ...BASE,
      'gold/kpis.yaml': contract('gold', 'kpis', ['kind', 'n'], 'layer: gold\nbuild: { sql: kpis.sql }'),
      'gold/kpis.sql': 'SELECT kind, count(*) AS n FROM raw.events GROUP BY kind',
      'raw/clean.yaml': contract('raw', 'clean', ['user_id'], 'layer: bronze\nlineage: { upstream: [core.users] }'),
    })).toEqual([
      'gold/kpis.yaml:6 layers/gold_reads_bronze expected gold product gold.kpis to read silver or gold products, found it reads bronze product raw.events directly',
      'raw/clean.yaml:6 layers/reads_higher expected bronze product raw.clean to read products of layer bronze or below, found it reads silver product core.users',
    ]);
  });

  it('reports a build whose SQL file is missing', async () => {
    const { findings: all } = await checkContracts(await schema(dir, { ...BASE, 'core/lost.yaml': contract('core', 'lost', ['user_id'], 'build: { sql: lost.sql }') }));
    expect(all.filter((f) => f.rule === 'build/sql_file').map((f) => f.message)).toEqual(['expected a readable, non-empty SQL file "lost.sql" beside the contract, found no such file']);
  });
});
