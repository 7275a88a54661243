import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { LOG_LEVELS, RUNTIME_ENVIRONMENTS, type ServerConfig } from './server-config.js';

/** Thrown when the environment does not describe a valid configuration. Lists every bad variable. */
export class ConfigValidationError extends Error {
  override readonly name = 'ConfigValidationError';
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n'),
    );
  }
}

const integer = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `must be a whole number (got "{input}")`)
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`)
    .describe(name);

const urlList = (pattern: RegExp, what: string) =>
  z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((u) => u.trim())
        .filter((u) => u !== ''),
    )
    .refine((urls) => urls.every((u) => pattern.test(u)), `must be comma-separated ${what}`);

const environmentSchema = z.object({
  NODE_ENV: z
    .enum(RUNTIME_ENVIRONMENTS, { error: `must be one of ${RUNTIME_ENVIRONMENTS.join(', ')}` })
    .default('development'),
  HOST: z.string().trim().min(1, 'must not be empty').default('0.0.0.0'),
  PORT: integer('PORT', 0, 65535).default(8080),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .default('info'),
  SHUTDOWN_TIMEOUT_MS: integer('SHUTDOWN_TIMEOUT_MS', 100, 600_000).default(10_000),
  SQLITE_PATH: z.string().trim().min(1, 'must not be empty').default('./data/parley.sqlite'),
  // PostgreSQL instead of sqlite (SQLITE_PATH is then ignored). `?host=/dir` reaches a unix socket.
  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  DEV_TOKENS: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  STUN_URLS: urlList(/^stuns?:/, 'stun: or stuns: URLs').optional(),
  TURN_URLS: urlList(/^turns?:/, 'turn: or turns: URLs').optional(),
  TURN_SHARED_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  TURN_TTL_SECONDS: integer('TURN_TTL_SECONDS', 60, 7 * 24 * 3600).default(43_200),
  WEBRTC_PORT_RANGE: z
    .string()
    .regex(/^\d{1,5}-\d{1,5}$/, 'must be begin-end, e.g. 40000-40100')
    .transform((v) => {
      const [begin = 0, end = 0] = v.split('-').map(Number);
      return { begin, end };
    })
    .refine(
      (r) => r.begin > 0 && r.begin <= r.end && r.end <= 65535,
      'must satisfy 0 < begin <= end <= 65535',
    )
    .optional(),
  WEBRTC_BIND_ADDRESS: z.string().trim().min(1).optional(),
  RECONNECT_GRACE_MS: integer('RECONNECT_GRACE_MS', 0, 3_600_000).default(30_000),
  CHAT_RATE_LIMIT: z
    .string()
    .regex(/^\d{1,5}\/\d{1,5}$/, 'must be <messages per second>/<burst>, e.g. 5/20')
    .transform((v) => {
      const [perSecond = 0, burst = 0] = v.split('/').map(Number);
      return { perSecond, burst };
    })
    .refine((r) => r.perSecond > 0 && r.burst > 0, 'both numbers must be greater than 0')
    .default({ perSecond: 5, burst: 20 }),
});

/**
 * Reads and validates the environment, once, at boot. Empty strings count as unset, so a blank
 * variable in a compose file falls back to its default instead of failing.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>>): ServerConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') {
      input[key] = value;
    }
  }
  const parsed = environmentSchema.safeParse(input);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? '(environment)');
        return { variable, message: issue.message.replace('{input}', input[variable] ?? '') };
      });
  const production = (input['NODE_ENV'] ?? 'development') === 'production';
  if (production && input['JWT_SECRET'] === undefined) {
    problems.push({ variable: 'JWT_SECRET', message: 'is required in production' });
  }
  if (production && input['DEV_TOKENS'] === 'true') {
    problems.push({ variable: 'DEV_TOKENS', message: 'must not be true in production' });
  }
  if (input['TURN_URLS'] !== undefined && input['TURN_SHARED_SECRET'] === undefined) {
    problems.push({ variable: 'TURN_SHARED_SECRET', message: 'is required with TURN_URLS' });
  }
  if (!parsed.success || problems.length > 0) {
    throw new ConfigValidationError(problems);
  }
  const e = parsed.data;
  return {
    environment: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    database: e.DATABASE_URL
      ? { type: 'postgres', url: e.DATABASE_URL }
      : { type: 'sqlite', path: e.SQLITE_PATH },
    jwtSecret: e.JWT_SECRET ?? randomBytes(32).toString('base64url'),
    jwtSecretGenerated: e.JWT_SECRET === undefined,
    devTokens: e.DEV_TOKENS === undefined ? e.NODE_ENV !== 'production' : e.DEV_TOKENS === 'true',
    stunUrls: e.STUN_URLS ?? [],
    turnUrls: e.TURN_URLS ?? [],
    turnSharedSecret: e.TURN_SHARED_SECRET,
    turnTtlSeconds: e.TURN_TTL_SECONDS,
    webrtcPortRange: e.WEBRTC_PORT_RANGE,
    webrtcBindAddress: e.WEBRTC_BIND_ADDRESS,
    reconnectGraceMs: e.RECONNECT_GRACE_MS,
    chatRateLimit: e.CHAT_RATE_LIMIT,
  };
}
