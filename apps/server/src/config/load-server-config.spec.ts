import { describe, expect, it } from '@jest/globals';
import { ConfigValidationError, loadServerConfig } from './load-server-config.js';

describe('loadServerConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadServerConfig({});
    expect(config).toEqual({
      environment: 'development',
      host: '0.0.0.0',
      port: 8080,
      logLevel: 'info',
      shutdownTimeoutMs: 10_000,
      database: { type: 'sqlite', path: './data/parley.sqlite' },
      jwtSecret: expect.stringMatching(/^[\w-]{43}$/) as unknown,
      jwtSecretGenerated: true,
      devTokens: true,
      stunUrls: [],
      turnUrls: [],
      turnSharedSecret: undefined,
      turnTtlSeconds: 43_200,
      webrtcPortRange: undefined,
      webrtcBindAddress: undefined,
      reconnectGraceMs: 30_000,
      chatRateLimit: { perSecond: 5, burst: 20 },
    });
    expect(loadServerConfig({}).jwtSecret).not.toBe(config.jwtSecret);
  });

  it('reads every variable', () => {
    const config = loadServerConfig({
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'debug',
      SHUTDOWN_TIMEOUT_MS: '2500',
      SQLITE_PATH: '/var/lib/parley/history.sqlite',
      JWT_SECRET: 's'.repeat(32),
      DEV_TOKENS: 'false',
      STUN_URLS: 'stun:stun.example.org:3478, stuns:stun.example.org',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp,turns:turn.example.org:5349',
      TURN_SHARED_SECRET: 't'.repeat(16),
      TURN_TTL_SECONDS: '600',
      WEBRTC_PORT_RANGE: '40000-40100',
      WEBRTC_BIND_ADDRESS: '10.0.0.5',
      RECONNECT_GRACE_MS: '5000',
      CHAT_RATE_LIMIT: '10/40',
    });
    expect(config).toEqual({
      environment: 'production',
      host: '127.0.0.1',
      port: 0,
      logLevel: 'debug',
      shutdownTimeoutMs: 2500,
      database: { type: 'sqlite', path: '/var/lib/parley/history.sqlite' },
      jwtSecret: 's'.repeat(32),
      jwtSecretGenerated: false,
      devTokens: false,
      stunUrls: ['stun:stun.example.org:3478', 'stuns:stun.example.org'],
      turnUrls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'],
      turnSharedSecret: 't'.repeat(16),
      turnTtlSeconds: 600,
      webrtcPortRange: { begin: 40000, end: 40100 },
      webrtcBindAddress: '10.0.0.5',
      reconnectGraceMs: 5000,
      chatRateLimit: { perSecond: 10, burst: 40 },
    });
  });

  it('refuses production without a JWT secret or with dev tokens, and TURN without its secret', () => {
    expect(() =>
      loadServerConfig({ NODE_ENV: 'production', DEV_TOKENS: 'true', TURN_URLS: 'turn:x:3478' }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          { variable: 'JWT_SECRET', message: 'is required in production' },
          { variable: 'DEV_TOKENS', message: 'must not be true in production' },
          { variable: 'TURN_SHARED_SECRET', message: 'is required with TURN_URLS' },
        ],
      }),
    );
    expect(() => loadServerConfig({ WEBRTC_PORT_RANGE: '5000-4000' })).toThrow('WEBRTC_PORT_RANGE');
    expect(() => loadServerConfig({ STUN_URLS: 'http://x' })).toThrow('STUN_URLS');
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

  it.each([
    ['postgres://parley:secret@db:5432/parley'],
    ['postgresql://parley@localhost/parley?host=%2Fvar%2Frun%2Fpostgresql'],
  ])('takes PostgreSQL from DATABASE_URL=%s, over SQLITE_PATH', (url) => {
    expect(loadServerConfig({ DATABASE_URL: url, SQLITE_PATH: '/tmp/x.sqlite' }).database).toEqual({
      type: 'postgres',
      url,
    });
  });

  it.each([['mysql://parley@db/parley'], ['postgres:/db'], ['db:5432']])(
    'refuses DATABASE_URL=%s',
    (url) => {
      expect(() => loadServerConfig({ DATABASE_URL: url })).toThrow(
        /DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/,
      );
    },
  );

  it.each([['65536'], ['-1'], ['1.5']])('refuses PORT=%s', (port) => {
    expect(() => loadServerConfig({ PORT: port })).toThrow(ConfigValidationError);
  });
});
