// Small text helpers shared by the views: counts, artifact names, port lists, file names.
export const ARTIFACT_NAMES = ['EVTX', 'Prefetch', '$MFT', 'USN'] as const;

const NUMBER = new Intl.NumberFormat('en-US');
export function formatCount(n: number): string {
  return NUMBER.format(n);
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** "20-29, 53, 445" */
export function compressPorts(ports: readonly number[], max = 40): string {
  const out: string[] = [];
  let i = 0;
  while (i < ports.length && out.length < max) {
    let j = i;
    while (j + 1 < ports.length && ports[j + 1] === ports[j] + 1) j++;
    out.push(j > i ? `${ports[i]}-${ports[j]}` : String(ports[i]));
    i = j + 1;
  }
  if (i < ports.length) out.push(`… (${ports.length} ports)`);
  return out.join(', ');
}

export function basename(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
