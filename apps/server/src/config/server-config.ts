import type { DatabaseConfig } from '@parley/history';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const RUNTIME_ENVIRONMENTS = ['development', 'production', 'test'] as const;
export type RuntimeEnvironment = (typeof RUNTIME_ENVIRONMENTS)[number];

/** The server's whole configuration, validated once at boot (see loadServerConfig). */
export interface ServerConfig {
  /** NODE_ENV. Default `development`. */
  readonly environment: RuntimeEnvironment;
  /** HOST: the address to listen on. Default `0.0.0.0`. */
  readonly host: string;
  /** PORT. Default 8080; 0 picks a free port (tests). */
  readonly port: number;
  /** LOG_LEVEL. Default `info`. */
  readonly logLevel: LogLevel;
  /** SHUTDOWN_TIMEOUT_MS: how long a graceful shutdown may take before the process exits anyway. Default 10000. */
  readonly shutdownTimeoutMs: number;
  /** DATABASE_URL (postgres:// or postgresql://: PostgreSQL) or else SQLITE_PATH (default `./data/parley.sqlite`). */
  readonly database: DatabaseConfig;
  /** JWT_SECRET: HS256 secret of participant tokens. Required in production; elsewhere a random one per process. */
  readonly jwtSecret: string;
  /** True when JWT_SECRET was not set and a random secret was generated. */
  readonly jwtSecretGenerated: boolean;
  /** DEV_TOKENS: serve POST /api/dev/tokens. Default true outside production; refused in production. */
  readonly devTokens: boolean;
  /** STUN_URLS: comma-separated. Default none. */
  readonly stunUrls: readonly string[];
  /** TURN_URLS: comma-separated. Default none. */
  readonly turnUrls: readonly string[];
  /** TURN_SHARED_SECRET: coturn static-auth-secret; required with TURN_URLS. */
  readonly turnSharedSecret: string | undefined;
  /** TURN_TTL_SECONDS: lifetime of TURN credentials. Default 43200. */
  readonly turnTtlSeconds: number;
  /** WEBRTC_PORT_RANGE: `begin-end` UDP ports for ICE. Default any. */
  readonly webrtcPortRange: { readonly begin: number; readonly end: number } | undefined;
  /** WEBRTC_BIND_ADDRESS: address for host candidates. Default all interfaces. */
  readonly webrtcBindAddress: string | undefined;
  /** RECONNECT_GRACE_MS: how long a dropped participant keeps identity and room. Default 30000. */
  readonly reconnectGraceMs: number;
  /** CHAT_RATE_LIMIT `<per second>/<burst>`: chat messages one participant may send. Default 5/20. */
  readonly chatRateLimit: { readonly perSecond: number; readonly burst: number };
}
