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
  /** DATABASE_URL (postgres://...) or SQLITE_PATH (default `./data/parley.sqlite`). */
  readonly database: DatabaseConfig;
}
