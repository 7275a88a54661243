// npm run bench [-- name ...]: builds, then runs bench/dist/<name>.bench.js for each name given
// (all benchmarks when none). BENCH_SECONDS sets the time per figure (default 1).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) {
  process.exit(build.status ?? 1);
}
const dist = `${root}bench/dist`;
const available = readdirSync(dist)
  .filter((f) => f.endsWith('.bench.js'))
  .map((f) => f.slice(0, -'.bench.js'.length))
  .sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ') || '(none)'}`,
  );
  process.exit(2);
}
if (available.length === 0) {
  console.log('no benchmarks yet');
}
for (const name of wanted.length > 0 ? wanted : available) {
  const run = spawnSync(process.execPath, ['--expose-gc', `${dist}/${name}.bench.js`], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    process.exit(run.status ?? 1);
  }
}
