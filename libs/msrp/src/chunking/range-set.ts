/**
 * A set of half-open byte intervals [from, to), kept sorted and merged: which octets of a message
 * have arrived (RFC 4975 §7.3.1 "keeping track of which bytes have been received").
 */
export class RangeSet {
  /** Flat list: from0, to0, from1, to1, ... sorted, non-overlapping, non-adjacent. */
  #edges: number[] = [];

  /** Adds [from, to). */
  add(from: number, to: number): void {
    if (to <= from) {
      return;
    }
    const edges = this.#edges;
    // Fast path: appending in order (the normal case).
    const n = edges.length;
    if (n === 0 || from > (edges[n - 1] as number)) {
      edges.push(from, to);
      return;
    }
    if (from >= (edges[n - 2] as number)) {
      edges[n - 1] = Math.max(edges[n - 1] as number, to);
      return;
    }
    let i = 0;
    while (i < n && (edges[i + 1] as number) < from) {
      i += 2;
    }
    let j = i;
    let newFrom = from;
    let newTo = to;
    while (j < n && (edges[j] as number) <= to) {
      newFrom = Math.min(newFrom, edges[j] as number);
      newTo = Math.max(newTo, edges[j + 1] as number);
      j += 2;
    }
    edges.splice(i, j - i, newFrom, newTo);
  }

  /** Octets covered. */
  get size(): number {
    let size = 0;
    for (let i = 0; i < this.#edges.length; i += 2) {
      size += (this.#edges[i + 1] as number) - (this.#edges[i] as number);
    }
    return size;
  }

  /** True when [0, length) is covered. */
  coversPrefix(length: number): boolean {
    if (length === 0) {
      return true;
    }
    return this.#edges[0] === 0 && (this.#edges[1] as number) >= length;
  }

  /** Length of the covered run that starts at 0 (0 when octet 0 is missing). */
  get contiguousPrefix(): number {
    return this.#edges[0] === 0 ? (this.#edges[1] as number) : 0;
  }

  /** The intervals, as [from, to) pairs. */
  intervals(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.#edges.length; i += 2) {
      out.push([this.#edges[i] as number, this.#edges[i + 1] as number]);
    }
    return out;
  }
}
