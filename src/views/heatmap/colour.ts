// Sequential colour scale for heat cells, readable on light and dark backgrounds
// (pale yellow → orange → deep red → purple), with a log mapping for wide ranges.
const STOPS: [number, number, number][] = [
  [255, 237, 160],
  [254, 178, 76],
  [240, 59, 32],
  [189, 0, 38],
  [84, 39, 143],
];
export const SCALE_STEPS = 64;

export const SCALE: string[] = Array.from({ length: SCALE_STEPS }, (_, i) => {
  const x = (i / (SCALE_STEPS - 1)) * (STOPS.length - 1);
  const k = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - k;
  const [a, b] = [STOPS[k], STOPS[k + 1]];
  const c = a.map((v, j) => Math.round(v + (b[j] - v) * f));
  return `rgb(${c[0]} ${c[1]} ${c[2]})`;
});

export const SCALE_GRADIENT = `linear-gradient(to right, ${STOPS.map((c) => `rgb(${c[0]} ${c[1]} ${c[2]})`).join(', ')})`;

/** Log scale when the max is large, linear otherwise. Returns an index into SCALE; -1 for 0. */
export function scaleIndex(v: number, max: number): number {
  if (v <= 0 || max <= 0) return -1;
  const x = max > 16 ? Math.log1p(v) / Math.log1p(max) : v / max;
  return Math.max(0, Math.min(SCALE_STEPS - 1, Math.round(x * (SCALE_STEPS - 1))));
}

export function isLogScale(max: number): boolean {
  return max > 16;
}
