import type { ValueTransformer } from 'typeorm';

/** Milliseconds since the epoch in a 64-bit integer column, read back as a number. */
export const epochMillis: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** A JSON array of strings in a text column. */
export const stringList: ValueTransformer = {
  to: (value: readonly string[] | null | undefined) =>
    value === null || value === undefined ? null : JSON.stringify(value),
  from: (value: string | null) => (value === null ? null : (JSON.parse(value) as string[])),
};
