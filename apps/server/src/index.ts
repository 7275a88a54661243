export { AppModule } from './app.module.js';
export { createServerApp, startServer } from './server.js';
export type { RunningServer } from './server.js';
export { runServer } from './bootstrap.js';
export { loadServerConfig, ConfigValidationError } from './config/load-server-config.js';
export type { ServerConfig, LogLevel, RuntimeEnvironment } from './config/server-config.js';
export { SERVER_CONFIG } from './config/config.tokens.js';
