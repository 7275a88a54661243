import { cpus, totalmem } from 'node:os';

/** One measured figure. */
export interface Measurement {
  readonly name: string;
  /** Operations per second (messages, chunks, decisions...). */
  readonly opsPerSecond: number;
  /** Bytes per second, when the operation moves bytes. */
  readonly bytesPerSecond?: number;
  readonly iterations: number;
  readonly seconds: number;
}

export interface MeasureOptions {
  /** Minimum wall time to run (after warm-up). Default 1 s, or BENCH_SECONDS. */
  readonly seconds?: number;
  /** Bytes one operation moves, to report MB/s. */
  readonly bytesPerOp?: number;
  /** Operations one call of `op` performs (a batch). Default 1. */
  readonly opsPerCall?: number;
}

/** Keeps benchmark results reachable so the optimiser cannot drop the work. */
export let sink: unknown;

function defaultSeconds(): number {
  const fromEnv = Number(process.env['BENCH_SECONDS']);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 1;
}

/**
 * Runs `op` repeatedly until `seconds` have passed (after a warm-up of a tenth of that) and reports
 * its rate. Whatever `op` returns is kept alive so the work cannot be optimised away.
 */
export function measure(
  name: string,
  op: () => unknown,
  options: MeasureOptions = {},
): Measurement {
  const perCall = options.opsPerCall ?? 1;
  const seconds = options.seconds ?? defaultSeconds();
  const run = (budgetMs: number) => {
    let iterations = 0;
    const start = performance.now();
    let now = start;
    while (now - start < budgetMs) {
      for (let i = 0; i < 16; i++) {
        sink = op();
      }
      iterations += 16 * perCall;
      now = performance.now();
    }
    return { iterations, elapsed: (now - start) / 1000 };
  };
  run(seconds * 100);
  const { iterations, elapsed } = run(seconds * 1000);
  const opsPerSecond = iterations / elapsed;
  return {
    name,
    opsPerSecond,
    ...(options.bytesPerOp === undefined
      ? {}
      : { bytesPerSecond: opsPerSecond * options.bytesPerOp }),
    iterations,
    seconds: elapsed,
  };
}

/** The same as measure, for asynchronous operations (network round trips). */
export async function measureAsync(
  name: string,
  op: () => Promise<unknown>,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const seconds = options.seconds ?? defaultSeconds();
  const perCall = options.opsPerCall ?? 1;
  let iterations = 0;
  const start = performance.now();
  let now = start;
  while (now - start < seconds * 1000) {
    sink = await op();
    iterations += perCall;
    now = performance.now();
  }
  const elapsed = (now - start) / 1000;
  const opsPerSecond = iterations / elapsed;
  return {
    name,
    opsPerSecond,
    ...(options.bytesPerOp === undefined
      ? {}
      : { bytesPerSecond: opsPerSecond * options.bytesPerOp }),
    iterations,
    seconds: elapsed,
  };
}

const fmt = (n: number): string =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(1);

/** The machine a figure was measured on, for docs/BENCHMARKS.md. */
export function machineLine(): string {
  const cpu = cpus();
  return `${new Date().toISOString().slice(0, 10)}, ${cpu.length} x ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
}

/** Prints a Markdown table of measurements (paste-ready for docs/BENCHMARKS.md). */
export function report(
  title: string,
  rows: readonly Measurement[],
  extra: Record<string, string>[] = [],
): void {
  console.log(`\n### ${title}\n\n${machineLine()}\n`);
  console.log('| benchmark | ops/s | MB/s |');
  console.log('| --- | ---: | ---: |');
  for (const row of rows) {
    const mbps = row.bytesPerSecond === undefined ? '' : (row.bytesPerSecond / 1e6).toFixed(1);
    console.log(`| ${row.name} | ${fmt(row.opsPerSecond)} | ${mbps} |`);
  }
  for (const line of extra) {
    console.log(Object.values(line).join(' '));
  }
}
