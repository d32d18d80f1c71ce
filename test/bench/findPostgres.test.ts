import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgres } from '../../bench/postgres/findPostgres';

async function install(dir: string, programs = ['initdb', 'pg_ctl', 'postgres']): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const program of programs) {
    await writeFile(join(dir, program), '#!/bin/sh\n');
    await chmod(join(dir, program), 0o755);
  }
}

describe('findPostgres', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'tessera-find-pg-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("takes the newest complete version in Debian's folder, which is off the PATH", async () => {
    await install(join(root, 'lib', '9.6', 'bin'));
    await install(join(root, 'lib', '16', 'bin'), ['initdb', 'pg_ctl']);
    await install(join(root, 'lib', '15', 'bin'));
    await install(join(root, 'path'));
    expect(await findPostgres({ debianRoot: join(root, 'lib'), path: join(root, 'path') })).toBe(join(root, 'lib', '15', 'bin'));
  });

  it('falls back on the PATH, following symbolic links to the real folder', async () => {
    await install(join(root, 'real'));
    await mkdir(join(root, 'bin'));
    for (const program of ['initdb', 'pg_ctl', 'postgres']) await symlink(join(root, 'real', program), join(root, 'bin', program));
    await install(join(root, 'partial'), ['postgres']);
    const path = [join(root, 'partial'), join(root, 'bin')].join(':');
    expect(await findPostgres({ debianRoot: join(root, 'none'), path })).toBe(join(root, 'real'));
  });

  it('finds nothing when no folder has all three programs', async () => {
    await install(join(root, 'lib', '15', 'bin'), ['postgres']);
    expect(await findPostgres({ debianRoot: join(root, 'lib'), path: join(root, 'lib', '15', 'bin') })).toBeUndefined();
  });
});
