// Sequential colour scales for heat cells with a log mapping for wide ranges. The hottest cell
// must stand out against the page: on light pages the ramp runs pale yellow → deep purple, on
// dark pages it runs dim purple → bright yellow (more activity is always more contrast).
import { useEffect, useState } from 'react';

type Rgb = [number, number, number];
const LIGHT_STOPS: Rgb[] = [
  [255, 237, 160],
  [254, 178, 76],
  [240, 59, 32],
  [189, 0, 38],
  [84, 39, 143],
];
const DARK_STOPS: Rgb[] = [
  [60, 36, 110],
  [137, 34, 106],
  [212, 72, 66],
  [249, 142, 9],
  [252, 255, 164],
];
export const SCALE_STEPS = 64;

const rgb = (c: Rgb) => `rgb(${c[0]} ${c[1]} ${c[2]})`;

function ramp(stops: Rgb[]): string[] {
  return Array.from({ length: SCALE_STEPS }, (_, i) => {
    const x = (i / (SCALE_STEPS - 1)) * (stops.length - 1);
    const k = Math.min(stops.length - 2, Math.floor(x));
    const f = x - k;
    const [a, b] = [stops[k], stops[k + 1]];
    return rgb(a.map((v, j) => Math.round(v + (b[j] - v) * f)) as Rgb);
  });
}

const LIGHT_SCALE = ramp(LIGHT_STOPS);
const DARK_SCALE = ramp(DARK_STOPS);

export function scaleFor(dark: boolean): string[] {
  return dark ? DARK_SCALE : LIGHT_SCALE;
}

export function gradientFor(dark: boolean): string {
  return `linear-gradient(to right, ${(dark ? DARK_STOPS : LIGHT_STOPS).map(rgb).join(', ')})`;
}

/** True while the page shows the dark theme (`<html data-theme="dark">`); follows changes. */
function readDark(): boolean {
  return typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark';
}

export function useDarkTheme(): boolean {
  const [dark, setDark] = useState(readDark);
  useEffect(() => {
    const obs = new MutationObserver(() => setDark(readDark()));
    obs.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    setDark(readDark());
    return () => obs.disconnect();
  }, []);
  return dark;
}

/** Log scale when the max is large, linear otherwise. Returns an index into the scale; -1 for 0. */
export function scaleIndex(v: number, max: number): number {
  if (v <= 0 || max <= 0) return -1;
  const x = max > 16 ? Math.log1p(v) / Math.log1p(max) : v / max;
  return Math.max(0, Math.min(SCALE_STEPS - 1, Math.round(x * (SCALE_STEPS - 1))));
}

export function isLogScale(max: number): boolean {
  return max > 16;
}
