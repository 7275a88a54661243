import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Readable } from 'node:stream';
import { pollUntil } from './poll-until.js';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/** A child process whose output is collected as it arrives. */
export class CollectedProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(readonly child: ChildProcessByStdio<null, Readable, Readable>) {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        resolve({ code, signal });
      });
    });
  }

  /** Waits for a line of output matching `pattern` and returns the match. */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpMatchArray> {
    return pollUntil(() => this.stdout.match(pattern) ?? undefined, {
      timeoutMs,
      what: `output matching ${String(pattern)}; stdout so far:\n${this.stdout}\nstderr:\n${this.stderr}`,
    });
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill(signal);
    }
  }
}

/** Runs the built `parley` command (bin of @parley/cli) with the given arguments and environment. */
export function runParley(
  args: string[],
  env: Record<string, string> = {},
  cwd = repoRoot,
): CollectedProcess {
  const child = spawn(process.execPath, [`${repoRoot}/apps/cli/bin/parley.js`, ...args], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new CollectedProcess(child);
}
