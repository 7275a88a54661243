import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadServerConfig } from './load-server-config.js';

describe('loadServerConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    expect(loadServerConfig({})).toEqual({
      environment: 'development',
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      database: { type: 'sqlite', path: './data/parley.sqlite' },
    });
  });

  it('reads every variable', () => {
    const config = loadServerConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '2500',
      DATABASE_URL: 'postgres://parley:secret@db:5432/parley',
    });
    expect(config).toEqual({
      environment: 'production',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
      database: { type: 'postgres', url: 'postgres://parley:secret@db:5432/parley' },
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadServerConfig({ PORT: '', SQLITE_PATH: '' }).port).toBe(8080);
  });

  it('names every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadServerConfig({
        PORT: '80a',
        LOG_LEVEL: 'loud',
        NODE_ENV: 'staging',
        DATABASE_URL: 'mysql://x',
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const error = caught as ConfigValidationError;
    expect(error.problems.map((p) => p.variable).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'NODE_ENV',
      'PORT',
    ]);
    expect(error.message).toContain('4 problems');
    expect(error.message).toContain('PORT: must be a whole number (got "80a")');
  });

  it.each([['65536'], ['-1'], ['1.5']])('refuses PORT=%s', (port) => {
    expect(() => loadServerConfig({ PORT: port })).toThrow(ConfigValidationError);
  });
});
