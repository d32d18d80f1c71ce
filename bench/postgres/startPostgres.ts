import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { appendFile, chmod, chown, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A PostgreSQL server the benchmark started for itself. */
export interface PostgresServer {
  /** `postgres://…@127.0.0.1:<port>/postgres`, with the superuser's password. */
  connectionString: string;
  /** The postmaster's pid (each connection is served by a child of it). */
  pid: number;
  /** `PostgreSQL 15.8`, from `postgres --version`. */
  version: string;
  /** Settings written into its postgresql.conf beyond initdb's defaults (reported with the results). */
  settings: Record<string, string>;
  /** Its temporary folder (data folder, log, load files), readable and writable by the server's own user. */
  workDir: string;
  /** Makes a file of the benchmark's readable by the server (server-side `COPY FROM` reads it as its own user). */
  shareWithServer(path: string): Promise<void>;
  /** Stops it (fast shutdown) and removes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** Memory and planner settings a team would give a server of this size; durability off, since the data is reloaded every run. */
const SETTINGS: Record<string, string> = {
  listen_addresses: "'127.0.0.1'", unix_socket_directories: "''", timezone: "'UTC'", max_connections: '40',
  shared_buffers: "'1GB'", effective_cache_size: "'4GB'", work_mem: "'64MB'", maintenance_work_mem: "'512MB'", random_page_cost: '1.1',
  fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_wal_size: "'4GB'",
};

interface RunAs { uid: number; gid: number }

/** PostgreSQL refuses to run as root: as root, the `postgres` user (else `nobody`) runs it. */
async function unprivilegedUser(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
      return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
    } catch {
      // no such user: try the next one
    }
  }
  throw new Error('expected a "postgres" or "nobody" user to run PostgreSQL as (it refuses root), found neither');
}

/** Whether every folder down to `dir` lets other users through (the server's user must reach its data folder). */
async function passable(dir: string): Promise<boolean> {
  for (let here = dir; ; here = dirname(here)) {
    if (((await stat(here)).mode & 0o001) === 0) return false;
    if (dirname(here) === here) return true;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('expected a port, got none'))));
    });
  });
}

/**
 * Starts a fresh PostgreSQL server from the programs in `binDir`: its own data folder in a temporary folder, listening
 * on 127.0.0.1 only (no Unix socket) on a free port, the superuser `postgres` with a random password, time zone UTC.
 * As root, the server runs as the `postgres` user (else `nobody`) through `setpriv`, its folder in the temporary
 * folder when that user can reach it, else in /tmp. The server is stopped when this process exits,
 * even without {@link PostgresServer.stop}.
 * @throws Error with the tail of initdb's or the server's log when it does not start.
 */
export async function startPostgres(binDir: string): Promise<PostgresServer> {
  const as = await unprivilegedUser();
  // A private TMPDIR (as the tests set) is out of the server user's reach: then its folder goes into /tmp.
  const base = as && !(await passable(tmpdir())) ? '/tmp' : tmpdir();
  const workDir = await mkdtemp(join(base, 'tessera-bench-pg-'));
  const share = async (path: string): Promise<void> => {
    if (as) await chown(path, as.uid, as.gid);
  };
  const asServer = (program: string, args: string[]) => run(
    as ? 'setpriv' : join(binDir, program),
    as ? [`--reuid=${as.uid}`, `--regid=${as.gid}`, '--clear-groups', '--', join(binDir, program), ...args] : args,
    { cwd: workDir, maxBuffer: 16 * 1024 * 1024 },
  );
  const dataDir = join(workDir, 'data');
  const logFile = join(workDir, 'postgres.log');
  let postmasterPid: number | undefined;
  // Exiting without stop() (an interrupted run): immediate shutdown, and the folder goes too.
  const quit = (): void => {
    if (postmasterPid) try { process.kill(postmasterPid, 'SIGQUIT'); } catch { /* already gone */ }
  };
  const killOnExit = (): void => {
    quit();
    try { rmSync(workDir, { recursive: true, force: true }); } catch { /* best effort while the server exits */ }
  };
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (postmasterPid) {
      await asServer('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']).catch(quit);
    }
    await rm(workDir, { recursive: true, force: true });
    process.off('exit', killOnExit);
  };
  try {
    await chmod(workDir, 0o700);
    await share(workDir);
    const password = randomBytes(18).toString('base64url');
    const pwFile = join(workDir, 'password');
    await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
    await share(pwFile);
    const version = (await asServer('postgres', ['--version'])).stdout.trim().replace(/^postgres \(PostgreSQL\) /, 'PostgreSQL ');
    await asServer('initdb', ['-D', dataDir, '-U', 'postgres', `--pwfile=${pwFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--no-locale', '--no-sync'])
      .catch((err: { stderr?: string }) => { throw new Error(`expected initdb to create a data folder, it failed: ${String(err.stderr ?? err).slice(-2000)}`); });
    await rm(pwFile);
    const port = await freePort();
    const settings = { ...SETTINGS, port: String(port) };
    await appendFile(join(dataDir, 'postgresql.conf'), `\n# tessera benchmark\n${Object.entries(settings).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
    await writeFile(logFile, '');
    await share(logFile);
    process.on('exit', killOnExit);
    await asServer('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']).catch(async () => {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw new Error(`expected PostgreSQL to start on 127.0.0.1:${port}, it did not; log:\n${log.slice(-2000)}`);
    });
    postmasterPid = Number((await readFile(join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    return {
      connectionString: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`, pid: postmasterPid, version, settings, workDir, shareWithServer: share, stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
