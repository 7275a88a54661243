import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the Parley server (configured by environment variables; see the README)')
    .option('-p, --port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST)')
    .action(async (options: { port?: string; host?: string }) => {
      const { runServer } = await import('@parley/server');
      const env = { ...process.env };
      if (options.port !== undefined) {
        env['PORT'] = options.port;
      }
      if (options.host !== undefined) {
        env['HOST'] = options.host;
      }
      await runServer(env);
    });
}
