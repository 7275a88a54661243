// The real Parley server (apps/server/dist/main.js) as a child process, so that its memory and CPU
// can be read from /proc apart from the clients that the benchmark process runs.
import { TokenService, resolveParleyOptions } from '@parley/conference';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { waitFor } from './stats.js';

export const BENCH_JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
/** Linux USER_HZ: the unit of utime/stime in /proc/<pid>/stat. */
const CLOCK_TICKS = 100;

export interface ProcessSample {
  /** Resident set size, bytes (VmRSS). */
  readonly rss: number;
  readonly threads: number;
  /** User + system CPU time since start, seconds (every thread). */
  readonly cpuSeconds: number;
  /** The same for the main thread alone (the JavaScript event loop). */
  readonly mainThreadCpuSeconds: number;
}

/** utime + stime of a /proc stat file, seconds. */
function cpuSeconds(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after the command name (which may contain spaces) start at field 3; utime is 14, stime 15.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(rest[11]) + Number(rest[12])) / CLOCK_TICKS;
}

/** Memory, threads and CPU time of a process, from /proc/<pid>/status and /proc/<pid>/stat. */
export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status);
    if (!match) {
      throw new Error(`/proc/${pid}/status has no ${name}`);
    }
    return Number(match[1]);
  };
  return {
    rss: field('VmRSS') * 1024,
    threads: field('Threads'),
    cpuSeconds: cpuSeconds(`/proc/${pid}/stat`),
    mainThreadCpuSeconds: cpuSeconds(`/proc/${pid}/task/${pid}/stat`),
  };
}

export interface ServerProcess {
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** ws://127.0.0.1:<port> */
  readonly wsUrl: string;
  /** Issues a participant token signed with the server's secret. */
  token(identity: string, room: string, roles?: string[]): Promise<string>;
  sample(): ProcessSample;
  /** SIGTERM, waits for the exit (the server closes peers and calls node-datachannel cleanup). */
  stop(): Promise<void>;
}

/**
 * Starts the built server on 127.0.0.1, port 0, a fresh sqlite file, logs silenced, production
 * mode (no dev-token endpoint) and WebRTC host candidates on 127.0.0.1 (the host network).
 */
export async function startServerProcess(
  env: Record<string, string> = {},
  /** Where the sqlite file goes (a fresh directory inside it). Default: the OS temp directory. */
  databaseParent: string = tmpdir(),
): Promise<ServerProcess> {
  const dir = mkdtempSync(join(databaseParent, 'parley-bench-'));
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    [join(repoRoot, 'apps/server/dist/main.js')],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        SQLITE_PATH: join(dir, 'parley.sqlite'),
        JWT_SECRET: BENCH_JWT_SECRET,
        DEV_TOKENS: 'false',
        WEBRTC_BIND_ADDRESS: '127.0.0.1',
        // Benchmarks measure throughput, not the per-participant chat limit (default 5/s).
        CHAT_RATE_LIMIT: '99999/99999',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => {
    stdout += d;
  });
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code) => {
      resolve(code);
    });
  });
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  await waitFor(
    () => {
      if (exitCode !== undefined) {
        throw new Error(`the server exited (${String(exitCode)}): ${stderr}`);
      }
      return /listening on http:\/\/\S+/.test(stdout);
    },
    'the server to listen',
    30_000,
    20,
  );
  const url = (/listening on (http:\/\/\S+)/.exec(stdout) as RegExpExecArray)[1] as string;
  const pid = child.pid as number;
  const tokens = new TokenService(resolveParleyOptions({ auth: { jwtSecret: BENCH_JWT_SECRET } }));
  return {
    pid,
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    token: (identity, room, roles = []) =>
      tokens.issue({ identity, room, displayName: identity, roles, ttlSeconds: 3600 }),
    sample: () => sampleProcess(pid),
    stop: async () => {
      if (exitCode === undefined) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
      if (exitCode !== 0 && stderr !== '') {
        console.error(`server stderr:\n${stderr}`);
      }
    },
  };
}
