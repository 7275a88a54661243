import { Command } from 'commander';
import { registerDecodeAndEncode } from './commands/decode.command.js';
import { registerServe } from './commands/serve.command.js';

/** The `parley` command. Each subcommand lives in its own file under commands/. */
export function buildProgram(): Command {
  const program = new Command('parley')
    .description(
      'Parley: MSRP chat, T.140 real-time text and BFCP floor control over WebRTC data channels',
    )
    .version('0.1.0')
    .showHelpAfterError()
    .configureOutput({
      outputError: (text, write) => {
        write(text);
      },
    });
  registerServe(program);
  registerDecodeAndEncode(program);
  return program;
}
