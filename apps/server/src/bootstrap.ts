import { ConfigValidationError, loadServerConfig } from './config/load-server-config.js';
import { startServer } from './server.js';

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs the server as a process: validate the environment once (a bad configuration prints every
 * problem and exits 1), start, and on SIGINT/SIGTERM close the HTTP server, the sockets and the
 * database, then exit 0. A timer bounds how long the shutdown may take.
 */
export async function runServer(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config;
  try {
    config = loadServerConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      process.stderr.write(`parley: ${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const { app, url } = await startServer(config);
  process.stdout.write(`Parley is listening on ${url} (health: ${url}/health)\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      process.stderr.write(`parley: ${signal} again, exiting now\n`);
      process.exit(1);
    }
    stopping = true;
    process.stdout.write(`Parley: ${signal} received, shutting down\n`);
    setTimeout(() => {
      process.stderr.write(
        `parley: shutdown took longer than ${config.shutdownTimeoutMs} ms, exiting\n`,
      );
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app.close().then(
      () => {
        process.stdout.write('Parley stopped\n');
        process.exitCode = 0;
      },
      (error: unknown) => {
        process.stderr.write(`parley: shutdown failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of SHUTDOWN_SIGNALS) {
    process.on(signal, stop);
  }
}
