import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CollectedProcess, repoRoot, runParley } from './support/process.js';

describe('the parley command (built)', () => {
  const started: CollectedProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    for (const p of started.splice(0)) {
      p.kill('SIGKILL');
    }
    for (const d of dirs.splice(0)) {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('lists its commands with --help', async () => {
    const cli = runParley(['--help']);
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout).toMatch(/Usage: parley/);
    expect(cli.stdout).toMatch(/serve/);
  });

  it('is on the PATH of npm scripts: npx parley --help', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn('npx', ['--no-install', 'parley', '--help'], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(out).toMatch(/Commands:[\s\S]*serve[\s\S]*decode[\s\S]*encode/);
  });

  it('refuses to start with a bad configuration, naming every bad variable', async () => {
    const cli = runParley(['serve'], { PORT: 'eighty', LOG_LEVEL: 'chatty' });
    expect(await cli.exited).toEqual({ code: 1, signal: null });
    expect(cli.stderr).toContain('Invalid configuration (2 problems)');
    expect(cli.stderr).toContain('PORT: must be a whole number (got "eighty")');
    expect(cli.stderr).toContain('LOG_LEVEL: must be one of');
  });

  it('serves, reports health, and shuts down cleanly on SIGINT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-cli-'));
    dirs.push(dir);
    const cli = runParley(['serve', '--port', '0', '--host', '127.0.0.1'], {}, dir);
    started.push(cli);
    const [, url] = await cli.waitFor(/listening on (http:\/\/\S+) /);
    const health = await fetch(`${url}/health`);
    expect(health.status).toBe(200);
    expect(existsSync(join(dir, 'data', 'parley.sqlite'))).toBe(true);
    cli.kill('SIGINT');
    expect(await cli.exited).toEqual({ code: 0, signal: null });
    expect(cli.stdout).toContain('Parley stopped');
  });
});
