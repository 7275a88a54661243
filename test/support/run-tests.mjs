// Runs jest in ESM mode. WebRTC tests must only ever talk over loopback, so when this process may
// create namespaces (root, with unshare and ip available), jest runs inside a fresh network
// namespace whose only interface is lo. PARLEY_TEST_NETNS=0 turns that off.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const jest = [
  process.execPath,
  '--experimental-vm-modules',
  `${root}node_modules/jest/bin/jest.js`,
  ...process.argv.slice(2),
];

const quote = (arg) => `'${arg.replaceAll("'", "'\\''")}'`;
const can = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const wantNamespace =
  process.env.PARLEY_TEST_NETNS !== '0' &&
  process.env.PARLEY_IN_TEST_NETNS !== '1' &&
  process.platform === 'linux' &&
  process.getuid?.() === 0 &&
  can('unshare') &&
  can('ip');

const env = {
  ...process.env,
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --experimental-vm-modules`.trim(),
};
let result;
if (wantNamespace) {
  const inner = `ip link set lo up && exec ${jest.map(quote).join(' ')}`;
  result = spawnSync('unshare', ['--net', 'sh', '-c', inner], {
    stdio: 'inherit',
    cwd: root,
    env: { ...env, PARLEY_IN_TEST_NETNS: '1' },
  });
} else {
  if (process.env.PARLEY_TEST_NETNS !== '0') {
    console.warn(
      'run-tests: no loopback-only network namespace here (needs root, unshare, ip); running on the host network',
    );
  }
  result = spawnSync(jest[0], jest.slice(1), { stdio: 'inherit', cwd: root, env });
}
process.exit(result.status ?? 1);
