// Reads the XML that the reference tools print (python-evtx `evtx_dump.py`, libevtx
// `evtxexport -f xml`) into plain records, and normalises values so that the tools' cosmetic
// differences (GUID case, zero-padded hex, time precision) compare equal. Used by tests.
import type { EvtxScalar, EvtxValueType } from '../writers/evtx/values';

export interface ToolEvent {
  /** System values by path: `EventID`, `Provider@Name`, `TimeCreated@SystemTime`, … */
  system: Record<string, string>;
  /** EventData/Data values by Name, in document order. */
  data: [string, string][];
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, d) => String.fromCharCode(Number.parseInt(d, 16)))
    .replace(/&amp;/g, '&');
}

const SYSTEM_ELEMENTS = [
  'EventID',
  'Version',
  'Level',
  'Task',
  'Opcode',
  'Keywords',
  'EventRecordID',
  'Channel',
  'Computer',
];
const SYSTEM_ATTRS: [string, string][] = [
  ['Provider', 'Name'],
  ['Provider', 'Guid'],
  ['TimeCreated', 'SystemTime'],
  ['Execution', 'ProcessID'],
  ['Execution', 'ThreadID'],
  ['Security', 'UserID'],
];

export function parseToolXml(xml: string): ToolEvent[] {
  const out: ToolEvent[] = [];
  const re = /<Event[ >][\s\S]*?<\/Event>/g;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    const ev = m[0];
    const system: Record<string, string> = {};
    for (const name of SYSTEM_ELEMENTS) {
      const e = new RegExp(`<${name}(?: [^>]*)?>([^<]*)</${name}>`).exec(ev);
      if (e) system[name] = unescapeXml(e[1]);
    }
    for (const [el, attr] of SYSTEM_ATTRS) {
      const e = new RegExp(`<${el}\\b[^>]*\\b${attr}="([^"]*)"`).exec(ev);
      if (e) system[`${el}@${attr}`] = unescapeXml(e[1]);
    }
    const data: [string, string][] = [];
    const dre = /<Data Name="([^"]*)"(?:\/>|>([\s\S]*?)<\/Data>)/g;
    for (let d = dre.exec(ev); d; d = dre.exec(ev)) data.push([unescapeXml(d[1]), unescapeXml(d[2] ?? '')]);
    out.push({ system, data });
  }
  return out;
}

/** Canonical text of a value as we wrote it. */
export function canonicalValue(type: EvtxValueType, value: EvtxScalar): string {
  if (value === null) return '';
  switch (type) {
    case 'guid':
      return String(value).toUpperCase();
    case 'bool':
      return value ? 'true' : 'false';
    case 'hex32':
    case 'hex64':
    case 'sizet':
      return `0x${BigInt(value as number | bigint).toString(16)}`;
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return BigInt(value as number | bigint).toString(10);
    case 'filetime':
      return String(value);
    default:
      return String(value);
  }
}

/** Canonical text of a tool's rendering of a value of `type`. */
export function canonicalToolValue(type: EvtxValueType, text: string): string {
  if (text === '') return '';
  switch (type) {
    case 'guid':
      return text.toUpperCase();
    case 'bool':
      return text.toLowerCase();
    case 'hex32':
    case 'hex64':
    case 'sizet':
      return `0x${BigInt(text).toString(16)}`;
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return BigInt(text).toString(10);
    default:
      return text;
  }
}

/**
 * Microseconds since 1970 of a tool's time text: evtxexport `2026-10-14T10:02:11.123456700Z`,
 * python-evtx `2026-10-14 10:02:11.123455` (a float round trip, off by up to a few µs).
 */
export function toolTimeMicros(text: string): number {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/.exec(text);
  if (!m) return Number.NaN;
  const base = Date.parse(`${m[1]}T${m[2]}Z`);
  const frac = (m[3] ?? '').padEnd(6, '0').slice(0, 6);
  return base * 1000 + Number(frac);
}
