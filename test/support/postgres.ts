// A real PostgreSQL for the tests, never a mock.
//
// - PARLEY_TEST_POSTGRES_URL set (postgres://user:pass@host:port/db, or with ?host=/socket/dir): the
//   tests use that server; each suite gets its own fresh database on it, dropped afterwards.
// - Otherwise the suite starts its own throwaway cluster: initdb in a temp directory, postgres on a
//   unix socket in it (no TCP: it works inside the loopback-only network namespace of npm test),
//   fsync off, run as the `postgres` user when the tests run as root. The server binaries are found
//   at PARLEY_POSTGRES_BIN, else on PATH, else in the newest /usr/lib/postgresql/<version>/bin
//   (Debian's `postgresql` package). .ci/run installs that package.
// - Neither: the suite FAILS with a message that says what to install. PostgreSQL tests never skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

export interface TestPostgres {
  /** postgres:// URL of a fresh, empty database for this suite. */
  readonly url: string;
  /** Another fresh, empty database on the same server. */
  createDatabase(): Promise<string>;
  /** Drops the databases (external server) or stops the cluster and deletes it. */
  stop(): Promise<void>;
}

const MISSING = [
  'PostgreSQL tests need a real PostgreSQL: either set PARLEY_TEST_POSTGRES_URL to a server the',
  'tests may create databases on, or install the server binaries (Debian: apt-get install postgresql)',
  'so the tests can start their own throwaway cluster (found at PARLEY_POSTGRES_BIN, on PATH, or in',
  '/usr/lib/postgresql/<version>/bin).',
].join(' ');

let counter = 0;
function databaseName(): string {
  counter += 1;
  return `parley_test_${String(process.pid)}_${String(counter)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** The same URL with another database. Works for TCP URLs and ?host=/socket/dir URLs alike. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withAdmin<T>(url: string, work: (source: DataSource) => Promise<T>): Promise<T> {
  const source = new DataSource({ type: 'postgres', url, logging: false });
  await source.initialize();
  try {
    return await work(source);
  } finally {
    await source.destroy();
  }
}

function findBinaries(): string | undefined {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres'));
  const configured = process.env['PARLEY_POSTGRES_BIN'];
  if (configured !== undefined && configured !== '') {
    if (!has(configured)) {
      throw new Error(`PARLEY_POSTGRES_BIN=${configured} has no initdb and postgres. ${MISSING}`);
    }
    return configured;
  }
  for (const dir of (process.env['PATH'] ?? '').split(':')) {
    if (dir !== '' && has(dir)) {
      return dir;
    }
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(debian, version, 'bin');
      if (has(dir)) {
        return dir;
      }
    }
  }
  return undefined;
}

/** uid and gid to run the cluster as: ourselves, or `postgres` when we are root (initdb refuses root). */
function clusterUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) {
    return undefined;
  }
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      'The tests run as root, and initdb refuses root, but there is no `postgres` user to run the ' +
        "throwaway cluster as (Debian's postgresql package creates it). " +
        MISSING,
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

async function startCluster(bin: string): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  // A short path: a unix socket path may not exceed ~107 bytes.
  const dir = mkdtempSync('/tmp/parley-pg-');
  const user = clusterUser();
  if (user !== undefined) {
    chownSync(dir, user.uid, user.gid);
  }
  const data = join(dir, 'data');
  const initdb = spawnSync(
    join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--no-locale', '-E', 'UTF8'],
    { encoding: 'utf8', ...user },
  );
  if (initdb.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${String(initdb.status)}): ${initdb.stderr}${initdb.stdout}`);
  }
  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-k',
      dir,
      '-c',
      'listen_addresses=',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'max_connections=40',
      '-c',
      'shared_buffers=16MB',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], ...user },
  );
  // A test process that dies must not leave a postmaster behind.
  const killOnExit = () => server.kill('SIGQUIT');
  process.on('exit', killOnExit);
  let log = '';
  const exited = new Promise<number | null>((resolve) => server.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-8000);
      if (log.includes('ready to accept connections')) {
        resolve();
      }
    };
    server.stdout?.on('data', onData);
    server.stderr?.on('data', onData);
    void exited.then((code) => {
      reject(new Error(`postgres exited (${String(code)}) at start:\n${log}`));
    });
  });
  const adminUrl = `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(dir)}`;
  return {
    adminUrl,
    stop: async () => {
      process.off('exit', killOnExit);
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT'); // fast shutdown
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PostgreSQL for one suite (call in beforeAll, stop in afterAll). Fails, never skips, when there is none. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env['PARLEY_TEST_POSTGRES_URL'];
  let adminUrl: string;
  let stopCluster: (() => Promise<void>) | undefined;
  if (external !== undefined && external !== '') {
    adminUrl = external;
  } else {
    const bin = findBinaries();
    if (bin === undefined) {
      throw new Error(MISSING);
    }
    const cluster = await startCluster(bin);
    adminUrl = cluster.adminUrl;
    stopCluster = () => cluster.stop();
  }
  const created: string[] = [];
  const createDatabase = async () => {
    const name = databaseName();
    await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE "${name}"`));
    created.push(name);
    return withDatabase(adminUrl, name);
  };
  const url = await createDatabase();
  return {
    url,
    createDatabase,
    stop: async () => {
      if (stopCluster !== undefined) {
        await stopCluster();
        return;
      }
      await withAdmin(adminUrl, async (admin) => {
        for (const name of created.splice(0)) {
          await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        }
      });
    },
  };
}
