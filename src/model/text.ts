// Plain-text helpers shared by the analysis (checklist reasons, reports) and the views: counts
// with thousands separators, plurals, path components, port lists as ranges.

const NUMBER = new Intl.NumberFormat('en-US');

/** `1,000` */
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** `1 port`, `1,024 ports` */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** Last path component (either slash); '' when the path ends with a slash. */
export function basename(p: string): string {
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Sorted ports as runs: [20, 21, 22, 53, 53, 445] → ['20-22', '53', '445']. */
export function portRuns(sorted: ArrayLike<number>): string[] {
  const runs: string[] = [];
  let i = 0;
  while (i < sorted.length) {
    const first = sorted[i];
    let last = first;
    while (i + 1 < sorted.length && (sorted[i + 1] === last || sorted[i + 1] === last + 1))
      last = sorted[++i];
    runs.push(first === last ? String(first) : `${first}-${last}`);
    i++;
  }
  return runs;
}

/** `20-29, 53, 445`; after `maxRuns` runs `… (N ports)`. */
export function compressPorts(ports: readonly number[], maxRuns = 40): string {
  const runs = portRuns(ports);
  if (runs.length <= maxRuns) return runs.join(', ');
  return [...runs.slice(0, maxRuns), `… (${ports.length} ports)`].join(', ');
}
