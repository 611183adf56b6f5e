import { useCallback, useEffect, useState } from 'react';

/**
 * Content width of an element, kept current with a ResizeObserver. Returns a callback ref, so an
 * element that mounts later (after a "computing…" state) is measured too.
 */
export function useWidth(fallback = 900): [(el: HTMLElement | null) => void, number] {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const [w, setW] = useState(fallback);
  const ref = useCallback((node: HTMLElement | null) => setEl(node), []);
  useEffect(() => {
    if (!el) return;
    setW(el.clientWidth || fallback);
    const ro = new ResizeObserver(() => setW(el.clientWidth || fallback));
    ro.observe(el);
    return () => ro.disconnect();
  }, [el, fallback]);
  return [ref, w];
}
