// Small helpers of the checklist engine: field access, sheet conditions, process ids, addresses.
// Counts, plurals and base names are in src/model/text.ts, ISO times in src/model/time-text.ts.
import { connectionProtocolName } from '../../dicts/ip-protocols';
import { basename } from '../../model/text';
import type { FieldCondition, PidRadix } from '../../sheets/types';

/** Named values of one row; names compare without case (WFP writes ProcessID and ProcessId). */
export interface Fields {
  get(name: string): string | undefined;
  /** Every value of the row, in order. */
  values(): string[];
}

/** A Fields over a plain object (tests, small callers). */
export function fieldsOf(obj: Record<string, string>): Fields {
  return {
    get(name) {
      const v = obj[name];
      if (v !== undefined) return v;
      const lower = name.toLowerCase();
      for (const k in obj) if (k.toLowerCase() === lower) return obj[k];
      return undefined;
    },
    values: () => Object.values(obj),
  };
}

export function fieldOf(f: Fields, name: string): string | undefined {
  return f.get(name);
}

function flagSet(v: string): Set<string> {
  return new Set(
    v
      .toLowerCase()
      .split(/[+|,\s]+/)
      .filter(Boolean),
  );
}

export function conditionHolds(f: Fields, c: FieldCondition): boolean {
  const raw = fieldOf(f, c.field);
  const alts = (Array.isArray(c.value) ? c.value : [c.value]).map((s) => s.toLowerCase());
  if (c.op === 'ne') return raw === undefined || !alts.includes(raw.toLowerCase());
  if (raw === undefined) return false;
  const v = raw.toLowerCase();
  switch (c.op) {
    case 'eq':
      return alts.includes(v);
    case 'endsWith':
      return alts.some((a) => v.endsWith(a));
    case 'contains':
      return alts.some((a) => v.includes(a));
    case 'flagsEq': {
      const have = flagSet(v);
      return alts.some((a) => {
        const want = flagSet(a);
        return want.size === have.size && [...want].every((x) => have.has(x));
      });
    }
    case 'hasFlags': {
      const have = flagSet(v);
      return alts.some((a) => [...flagSet(a)].every((x) => have.has(x)));
    }
  }
  return false;
}

export function allHold(f: Fields, cs: FieldCondition[] | undefined): boolean {
  if (!cs) return true;
  for (const c of cs) if (!conditionHolds(f, c)) return false;
  return true;
}

/** Process id from '0x1a2c' (always hex) or '6700' (in the log's radix); null when absent/bad. */
export function parsePid(v: string | undefined, radix: PidRadix): number | null {
  if (v === undefined) return null;
  const s = v.trim();
  if (!s) return null;
  if (/^0x[0-9a-f]+$/i.test(s)) return Number.parseInt(s.slice(2), 16);
  if (radix === 16 && /^[0-9a-f]+$/i.test(s)) return Number.parseInt(s, 16);
  if (/^\d+$/.test(s)) return Number.parseInt(s, 10);
  return null;
}

export function formatPid(pid: number | null, radix: PidRadix): string {
  if (pid === null) return '?';
  return radix === 16 ? `0x${pid.toString(16)}` : String(pid);
}

/** Lower-case base name without '.exe': the key tool names compare on. */
export function exeStem(p: string): string {
  return basename(p.trim())
    .toLowerCase()
    .replace(/\.exe$/, '');
}

/** IPv4-mapped IPv6 to IPv4, lower-case, brackets removed. */
export function normalizeAddress(a: string | undefined): string {
  if (!a) return '';
  let s = a
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  if (s.startsWith('::ffff:') && /^\d+\.\d+\.\d+\.\d+$/.test(s.slice(7))) s = s.slice(7);
  return s;
}

/** Addresses that never identify a host: unspecified, loopback, broadcast, multicast, link-local. */
const hostAddressCache = new Map<string, boolean>();
const HOST_ADDRESS_CACHE_MAX = 65536;

export function isHostAddress(a: string): boolean {
  let v = hostAddressCache.get(a);
  if (v === undefined) {
    v = computeIsHostAddress(a);
    if (hostAddressCache.size >= HOST_ADDRESS_CACHE_MAX) hostAddressCache.clear();
    hostAddressCache.set(a, v);
  }
  return v;
}

function computeIsHostAddress(a: string): boolean {
  if (!a || a === '-' || a === '::' || a === '::1' || a === '0.0.0.0') return false;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (m) {
    const o = m.slice(1).map(Number);
    if (o[0] === 127 || o[0] === 0 || o[0] >= 224) return false;
    if (o[3] === 255) return false;
    if (o[0] === 169 && o[1] === 254) return false;
    return true;
  }
  if (a.startsWith('ff') || a.startsWith('fe80')) return false;
  return a.includes(':');
}

export function protocolName(p: string | undefined): string {
  if (!p) return '';
  const s = p.trim();
  return connectionProtocolName(s) ?? s.toUpperCase();
}

export function parsePort(v: string | undefined): number | null {
  if (v === undefined) return null;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 && n <= 65535 ? n : null;
}
