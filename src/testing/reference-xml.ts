// Test support: the one reader of the XML that python-evtx (`evtx_dump.py`) and libevtx
// (`evtxexport -f xml`) print. Each <Event> is read into its System values, its EventData/Data
// values in document order, and a flattening with the same naming rules as binxml/plan.ts, so
// differential tests compare field by field; values are compared through one canonicalisation that
// hides the tools' cosmetic differences (GUID case, zero-padded hex, time precision, boolean case).
// A deliberately small XML reader: elements, attributes, text, the five predefined entities and
// numeric character references.
import type { EvtxRecord } from '../parsers/evtx/evtx-record';
import type { EvtxScalar, EvtxValueType } from '../writers/evtx/values';

export interface RefElement {
  name: string;
  attrs: Record<string, string>;
  children: RefElement[];
  /** Concatenated text directly inside this element. */
  text: string;
}

export interface RefEvent {
  recordId: number;
  time: string;
  eventId: number;
  qualifiers: string;
  provider: string;
  channel: string;
  computer: string;
  /** EventData / UserData / other sections flattened like binxml/plan.ts. */
  data: Record<string, string>;
  /** System values by path: `EventID`, `Provider@Name`, `TimeCreated@SystemTime`, … */
  system: Record<string, string>;
  /** EventData/Data values that carry a Name, in document order, as printed. */
  namedData: [string, string][];
  /** The <Event> element, for extra checks. */
  element: RefElement;
}

function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e[1] === 'x' ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return String.fromCodePoint(code);
  });
}

function isNameChar(c: string): boolean {
  return /[\w:.-]/.test(c);
}

/** Parses a sequence of top-level elements (a hand-written scanner: no backtracking). */
export function parseXmlElements(xml: string): RefElement[] {
  const roots: RefElement[] = [];
  const stack: RefElement[] = [];
  const addText = (t: string) => {
    if (stack.length > 0 && t !== '') stack[stack.length - 1].text += t;
  };
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      addText(decodeEntities(xml.slice(i)));
      break;
    }
    addText(decodeEntities(xml.slice(i, lt)));
    if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt + 4);
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt + 9);
      addText(xml.slice(lt + 9, e < 0 ? n : e));
      i = e < 0 ? n : e + 3;
      continue;
    }
    if (xml[lt + 1] === '?') {
      const e = xml.indexOf('?>', lt + 2);
      i = e < 0 ? n : e + 2;
      continue;
    }
    if (xml[lt + 1] === '/') {
      const e = xml.indexOf('>', lt + 2);
      const closing = xml.slice(lt + 2, e < 0 ? n : e).trim();
      let k = stack.length - 1;
      while (k >= 0 && stack[k].name !== closing) k--;
      if (k >= 0) stack.length = k;
      else addText(xml.slice(lt, e < 0 ? n : e + 1));
      i = e < 0 ? n : e + 1;
      continue;
    }
    let p = lt + 1;
    while (p < n && isNameChar(xml[p])) p++;
    const name = xml.slice(lt + 1, p);
    if (name === '') {
      addText('<');
      i = lt + 1;
      continue;
    }
    const attrs: Record<string, string> = {};
    let selfClosing = false;
    let ok = false;
    while (p < n) {
      while (p < n && /\s/.test(xml[p])) p++;
      if (xml[p] === '>') {
        ok = true;
        p++;
        break;
      }
      if (xml[p] === '/' && xml[p + 1] === '>') {
        ok = true;
        selfClosing = true;
        p += 2;
        break;
      }
      const a0 = p;
      while (p < n && isNameChar(xml[p])) p++;
      const an = xml.slice(a0, p);
      while (p < n && /\s/.test(xml[p])) p++;
      if (an === '' || xml[p] !== '=') break;
      p++;
      while (p < n && /\s/.test(xml[p])) p++;
      const q = xml[p];
      if (q !== '"' && q !== "'") break;
      const e = xml.indexOf(q, p + 1);
      if (e < 0) break;
      attrs[an] = decodeEntities(xml.slice(p + 1, e));
      p = e + 1;
    }
    if (!ok) {
      addText('<');
      i = lt + 1;
      continue;
    }
    const el: RefElement = { name, attrs, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(el);
    else roots.push(el);
    if (!selfClosing) stack.push(el);
    i = p;
  }
  return roots;
}

function child(el: RefElement | undefined, name: string): RefElement | undefined {
  return el?.children.find((c) => c.name === name);
}

function add(data: Record<string, string>, key: string, value: string): void {
  if (data[key] !== undefined) {
    let i = 2;
    while (data[`${key}[${i}]`] !== undefined) i++;
    key = `${key}[${i}]`;
  }
  data[key] = value;
}

function flattenUser(el: RefElement, path: string, data: Record<string, string>): void {
  const key = path === '' ? el.name : `${path}/${el.name}`;
  for (const [a, v] of Object.entries(el.attrs)) {
    if (a === 'xmlns' || a.startsWith('xmlns:')) continue;
    add(data, `${key}/@${a}`, v);
  }
  for (const c of el.children) flattenUser(c, key, data);
  const text = el.children.length > 0 ? el.text.trim() : el.text;
  if (text !== '' || el.children.length === 0) add(data, key, text);
}

/** python-evtx prints an array substitution as `<string>item</string>\n` lines (escaped). */
const PY_ARRAY = /^(<string>[^<]*<\/string>\n)+$/;
const PY_ITEM = /<string>([^<]*)<\/string>\n/g;

/** Flattens EventData / UserData / other sections like binxml/plan.ts. */
export function flattenEventData(event: RefElement): Record<string, string> {
  const data: Record<string, string> = Object.create(null);
  for (const section of event.children) {
    if (section.name === 'System') continue;
    if (section.name === 'EventData') {
      let pos = 0;
      for (const c of section.children) {
        if (c.name === 'Data') {
          const name = c.attrs.Name;
          const items = PY_ARRAY.test(c.text) ? [...c.text.matchAll(PY_ITEM)].map((m) => m[1]) : [c.text];
          for (const item of items) {
            pos++;
            add(data, name === undefined || name === '' ? `Data[${pos}]` : name, item);
          }
        } else if (c.name === 'Binary') add(data, 'Binary', c.text);
        else flattenUser(c, '', data);
      }
    } else if (section.name === 'UserData') {
      for (const c of section.children) flattenUser(c, '', data);
    } else flattenUser(section, '', data);
  }
  return data;
}

function systemValues(sys: RefElement | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of sys?.children ?? []) {
    if (c.children.length === 0 && out[c.name] === undefined) out[c.name] = c.text;
    for (const [a, v] of Object.entries(c.attrs)) out[`${c.name}@${a}`] ??= v;
  }
  return out;
}

function namedDataOf(event: RefElement): [string, string][] {
  const out: [string, string][] = [];
  for (const d of child(event, 'EventData')?.children ?? [])
    if (d.name === 'Data' && d.attrs.Name !== undefined) out.push([d.attrs.Name, d.text]);
  return out;
}

/** Every <Event> in a tool's output, flattened. */
export function parseReferenceEvents(xml: string): RefEvent[] {
  const out: RefEvent[] = [];
  const roots = parseXmlElements(xml);
  const events: RefElement[] = [];
  for (const r of roots) {
    if (r.name === 'Event') events.push(r);
    else if (r.name === 'Events') for (const e of r.children) if (e.name === 'Event') events.push(e);
  }
  for (const e of events) {
    const sys = child(e, 'System');
    const eventIdEl = child(sys, 'EventID');
    out.push({
      recordId: Number(child(sys, 'EventRecordID')?.text || Number.NaN),
      time: child(sys, 'TimeCreated')?.attrs.SystemTime ?? '',
      eventId: Number(eventIdEl?.text ?? Number.NaN),
      qualifiers: eventIdEl?.attrs.Qualifiers ?? '',
      provider: child(sys, 'Provider')?.attrs.Name ?? '',
      channel: child(sys, 'Channel')?.text ?? '',
      computer: child(sys, 'Computer')?.text ?? '',
      data: flattenEventData(e),
      system: systemValues(sys),
      namedData: namedDataOf(e),
      element: e,
    });
  }
  return out;
}

const HEX = /^0x[0-9a-fA-F]+$/;
const GUID = /^\{[0-9a-fA-F-]{36}\}$/;
const PY_TIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?$/;
const EE_TIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.(\d{9})Z$/;
const OUR_TIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.(\d{7})Z$/;
const ANY_TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/;

/** 100 ns ticks since 1970 of an ISO-ish time, or NaN. */
function ticksOf(date: string, time: string, frac: string): number {
  return Date.parse(`${date}T${time}Z`) * 10000 + Number((frac ?? '').padEnd(7, '0').slice(0, 7));
}

/**
 * Microseconds since 1970 of a tool's time text: evtxexport `2026-10-14T10:02:11.123456700Z`,
 * python-evtx `2026-10-14 10:02:11.123455` (a float round trip, off by up to a few µs).
 */
export function toolTimeMicros(text: string): number {
  const m = ANY_TIME.exec(text);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number((m[3] ?? '').padEnd(6, '0').slice(0, 6));
}

/**
 * Canonical text of a value of `type` as a reference tool or our parser prints it: GUIDs upper
 * case, booleans lower case, hex as unpadded `0x…`, unsigned integers in decimal.
 */
export function canonicalText(type: EvtxValueType, text: string): string {
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

/** Canonical text of a value as the EVTX writer was given it. */
export function canonicalValue(type: EvtxValueType, value: EvtxScalar): string {
  if (value === null) return '';
  switch (type) {
    case 'bool':
      return value ? 'true' : 'false';
    case 'hex32':
    case 'hex64':
    case 'sizet':
      return canonicalText(type, `0x${BigInt(value as number | bigint).toString(16)}`);
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return canonicalText(type, BigInt(value as number | bigint).toString(10));
    default:
      return canonicalText(type, String(value));
  }
}

/** The value type both texts have by their look, where the canonicalisation depends on it. */
function typeByLook(ref: string, ours: string): EvtxValueType | null {
  if (HEX.test(ref) && HEX.test(ours)) return 'hex64';
  if (GUID.test(ref) && GUID.test(ours)) return 'guid';
  if (/^(true|false)$/i.test(ref) && /^(true|false)$/.test(ours)) return 'bool';
  return null;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64ToHex(s: string): string {
  let bits = 0;
  let acc = 0;
  let out = '';
  for (const ch of s) {
    if (ch === '=') break;
    acc = (acc << 6) | B64.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += ((acc >> bits) & 0xff).toString(16).toUpperCase().padStart(2, '0');
    }
  }
  return out;
}

/**
 * Equal up to the reference tools' cosmetic differences only: zero-padded hex (compared as
 * numbers), GUID letter case, python-evtx's microsecond float times (within 5 us) and base64
 * binary, evtxexport's 9-digit times, boolean case, and libevtx 20181227's rendering of a negative
 * Int32 as `-(v & 0x7fffffff)` (-1 prints as -2147483647).
 */
export function sameValue(ref: string, ours: string, python = true): boolean {
  if (ref === ours) return true;
  if (!python && /^-\d+$/.test(ref) && /^-\d+$/.test(ours)) {
    const v = Number(ours);
    if (v >= -2147483648) return ref === `-${v & 0x7fffffff}`;
  }
  const type = typeByLook(ref, ours);
  if (type === 'hex64' || type === 'guid') return canonicalText(type, ref) === canonicalText(type, ours);
  const o = OUR_TIME.exec(ours);
  if (o) {
    const ourTicks = ticksOf(o[1], o[2], o[3]);
    const p = PY_TIME.exec(ref);
    if (p) return Math.abs(ticksOf(p[1], p[2], p[3]) - ourTicks) <= 50;
    const e = EE_TIME.exec(ref);
    if (e) return ticksOf(e[1], e[2], e[3]) === ourTicks;
  }
  if (type === 'bool') return canonicalText(type, ref) === canonicalText(type, ours);
  if (/^[0-9A-F]+$/.test(ours) && /^[A-Za-z0-9+/]+=*$/.test(ref) && ours.length % 2 === 0) {
    return base64ToHex(ref) === ours;
  }
  return false;
}

const UNNAMED = /^Data\[\d+\]$/;
const C0 = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;

/**
 * python-evtx cosmetics, applied to both sides alike: it does not drop elements whose optional
 * substitution is empty (Windows and libevtx do), so empty unnamed `Data[i]` are removed on both
 * sides (and an empty Binary) and the rest renumbered; it drops C0 control characters from text, so they are removed
 * from our values too.
 */
export function normalizeData(data: Record<string, string>, ours: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  for (const [k, v] of Object.entries(data)) {
    const value = ours ? v.replace(C0, '') : v;
    if (UNNAMED.test(k) || k === 'Binary') {
      if (value === '') continue;
      if (k === 'Binary') {
        out[k] = value;
        continue;
      }
      out[`Data[${++pos}]`] = value;
    } else out[k] = value;
  }
  return out;
}

/** Appends one line per difference between a reference event and our record. */
export function compareRecord(ref: RefEvent, ours: EvtxRecord, mismatches: string[], python = true): void {
  const where = `record ${ours.recordId}`;
  const refData = python ? normalizeData(ref.data, false) : ref.data;
  const ourData = python ? normalizeData(ours.data, true) : ours.data;
  const check = (field: string, a: string, b: string) => {
    if (!sameValue(a, b, python))
      mismatches.push(`${where} ${field}: ref ${JSON.stringify(a)} ours ${JSON.stringify(b)}`);
  };
  check('eventId', `${ref.eventId}`, `${ours.eventId}`);
  check('time', ref.time, ours.time);
  check('provider', ref.provider, ours.provider);
  check('channel', ref.channel, ours.channel);
  check('computer', ref.computer, ours.computer);
  const refKeys = Object.keys(refData);
  const ourKeys = Object.keys(ourData);
  if (refKeys.join('\u0001') !== ourKeys.join('\u0001')) {
    mismatches.push(`${where} data names: ref ${JSON.stringify(refKeys)} ours ${JSON.stringify(ourKeys)}`);
    return;
  }
  for (const k of refKeys) check(`data.${k}`, refData[k], ourData[k]);
}
