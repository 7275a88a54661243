import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// README-START
import { createLoopbackPair, ManualClock } from '@parley/transport';
import { T140Channel, type T140Change } from '@parley/t140';

function example(): { text: string; changes: T140Change[]; wire: unknown[] } {
  const clock = new ManualClock();
  const deliverNow = (turn: () => void) => {
    turn();
  };
  const { a, b } = createLoopbackPair({ protocol: 't140', label: 'rtt', schedule: deliverNow });
  const wire: unknown[] = [];
  b.on('message', (m) => wire.push(m));

  const alice = new T140Channel(a, { clock }); // sends the BOM at once
  const bob = new T140Channel(b, { clock });
  const changes: T140Change[] = [];
  bob.receiver.on('change', (change) => changes.push(change));

  alice.sender.setText('Hello Bbo'); // a text field's value, as the user types
  clock.advance(300); // the transmission interval: "Hello Bbo" goes out
  alice.sender.setText('Hello Bob'); // a correction: two BACKSPACEs, then "ob"
  alice.sender.newline(); // LINE SEPARATOR
  clock.advance(300);

  return { text: bob.receiver.text, changes, wire };
}
// README-END

describe('README example', () => {
  it('runs and does what the README says', () => {
    const { text, changes, wire } = example();
    expect(text).toBe('Hello Bob\n');
    expect(wire).toEqual(['\uFEFF', 'Hello Bbo', '\b\bob\u2028']);
    expect(changes.map((c) => c.kind)).toEqual(['append', 'erase', 'append', 'newline']);
  });

  it('is the code shown in the README', () => {
    const self = readFileSync(fileURLToPath(import.meta.url), 'utf8');
    const code = self.slice(self.indexOf('// README-START\n') + 16, self.indexOf('// README-END'));
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    expect(readme).toContain(`\`\`\`ts\n${code}\`\`\``);
  });
});
