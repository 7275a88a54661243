// Runs jest in ESM mode. WebRTC tests must never leave this machine, so when this process may
// create namespaces (root, with unshare and ip available), jest runs inside a fresh network
// namespace with no link to the outside: lo, plus a veth pair whose two ends both stay inside it
// (10.77.0.1/24, the default route). Chromium gathers ICE candidates only on a default-route
// interface unless the page holds a media permission, so lo alone leaves it with no candidate at
// all; the veth pair gives it one, and packets between local addresses still go through lo.
// PARLEY_TEST_NETNS=0 turns all of this off.
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
// A hung test run must fail, not eat CI's time: give up after PARLEY_TEST_DEADLINE_S (default 900).
const deadline = Number(process.env.PARLEY_TEST_DEADLINE_S ?? 900) * 1000;
let result;
if (wantNamespace) {
  const network = [
    'ip link set lo up',
    'ip link add parley0 type veth peer name parley1',
    'ip addr add 10.77.0.1/24 dev parley0',
    'ip link set parley0 up',
    'ip link set parley1 up',
    'ip route add default dev parley0',
  ].join(' && ');
  const inner = `${network} && exec ${jest.map(quote).join(' ')}`;
  result = spawnSync('unshare', ['--net', 'sh', '-c', inner], {
    stdio: 'inherit',
    cwd: root,
    env: { ...env, PARLEY_IN_TEST_NETNS: '1' },
    timeout: deadline,
    killSignal: 'SIGKILL',
  });
} else {
  if (process.env.PARLEY_TEST_NETNS !== '0') {
    console.warn(
      'run-tests: no loopback-only network namespace here (needs root, unshare, ip); running on the host network',
    );
  }
  result = spawnSync(jest[0], jest.slice(1), {
    stdio: 'inherit',
    cwd: root,
    env,
    timeout: deadline,
    killSignal: 'SIGKILL',
  });
}
if (result.error?.code === 'ETIMEDOUT') {
  console.error(
    `run-tests: the tests did not finish within ${deadline / 1000} s: killed (a test left something running?)`,
  );
}
process.exit(result.status ?? 1);
