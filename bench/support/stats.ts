// Distributions and Markdown tables for the network benchmarks (latencies, rates, memory).
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

/** The value below which `p` percent of the samples fall (nearest rank; `sorted` ascending). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** Count, percentiles, max and mean of `samples` (which it does not modify). */
export function summarize(samples: readonly number[]): Summary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  let sum = 0;
  for (const v of values) {
    sum += v;
  }
  return {
    count: values.length,
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    max: values[values.length - 1] ?? Number.NaN,
    mean: values.length === 0 ? Number.NaN : sum / values.length,
  };
}

/** Milliseconds with one decimal ("12.3"). */
export const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '-');

/** A rate with a k/M suffix ("35.2 k"). */
export function rate(value: number): string {
  if (!Number.isFinite(value)) {
    return '-';
  }
  return value >= 1e6
    ? `${(value / 1e6).toFixed(2)} M`
    : value >= 1e3
      ? `${(value / 1e3).toFixed(1)} k`
      : value.toFixed(1);
}

/** Prints a Markdown table; columns after the first are right-aligned. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[]): void {
  console.log(`| ${headers.join(' | ')} |`);
  console.log(`| ${headers.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  for (const row of rows) {
    console.log(`| ${row.join(' | ')} |`);
  }
}

/** Resolves after `delayMs` (pacing and settling in benchmarks; never in tests). */
export function sleep(delayMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, delayMs));
}

/** Polls `probe` every `intervalMs` until it returns true; throws after `timeoutMs`. */
export async function waitFor(
  probe: () => boolean,
  what: string,
  timeoutMs = 20_000,
  intervalMs = 5,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!probe()) {
    if (performance.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(intervalMs);
  }
}

/** Runs `task(i)` for i in [0, count) with at most `concurrency` running at once. */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** BENCH_SECONDS (default 1): the time budget per figure. */
export function benchSeconds(): number {
  const fromEnv = Number(process.env['BENCH_SECONDS']);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 1;
}

/** The machine's load average (1, 5, 15 min): how shared it was while a figure was measured. */
export function loadLine(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

/** Median time of a 200-byte write + fsync in a directory under `parent` (where a benchmark puts sqlite), ms. */
export function fsyncMedianMs(parent: string = tmpdir(), times = 30): number {
  const dir = mkdtempSync(join(parent, 'parley-fsync-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  const samples: number[] = [];
  const bytes = new Uint8Array(200).fill(0x61);
  try {
    for (let i = 0; i < times; i++) {
      const start = performance.now();
      writeSync(fd, bytes, 0, bytes.length, 0);
      fsyncSync(fd);
      samples.push(performance.now() - start);
    }
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
  return summarize(samples).p50;
}
