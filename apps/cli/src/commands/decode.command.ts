import type { Command } from 'commander';
import { bfcpCli } from '../protocols/bfcp.cli.js';
import { msrpCli } from '../protocols/msrp.cli.js';
import { t140Cli } from '../protocols/t140.cli.js';

/** What a protocol contributes to `parley decode` / `parley encode` (apps/cli/src/protocols/<protocol>.cli.ts). */
export interface ProtocolCli {
  /** Adds `parley decode <protocol>`. */
  registerDecode?(decode: Command): void;
  /** Adds `parley encode <protocol>`. */
  registerEncode?(encode: Command): void;
}

/** One line per protocol. */
const protocols: readonly ProtocolCli[] = [msrpCli, t140Cli, bfcpCli];

/**
 * `parley decode <protocol> [FILE|-]` prints one JSON object per message; on malformed input it prints
 * `{"error":{"code","offset","message"}}` and exits with status 2. `parley encode <protocol>` is the reverse.
 */
export function registerDecodeAndEncode(program: Command): void {
  const decode = program
    .command('decode')
    .description(
      'decode protocol messages to JSON lines (malformed input: an {"error":...} line and exit status 2)',
    );
  const encode = program.command('encode').description('encode JSON lines to protocol messages');
  for (const protocol of protocols) {
    protocol.registerDecode?.(decode);
    protocol.registerEncode?.(encode);
  }
}
