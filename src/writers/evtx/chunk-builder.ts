// One 64 KiB EVTX chunk: header, string table, template table, event records.
// Follows the libyal "Windows XML Event Log (EVTX)" format document (chunk header, event record,
// binary XML tokens, name and template definitions) and MS-EVEN6 2.2.12 (BinXml).
//
//   0x000  "ElfChnk\0", record numbers/ids, offsets, records CRC, flags, header CRC (128 bytes)
//   0x080  string table: 64 x u32 chunk offsets of name definitions (hash % 64 buckets, chained)
//   0x180  template table: 32 x u32 chunk offsets of template definitions (chained)
//   0x200  event records: "**\0\0", size, record id, written time, binary XML, size copy
import { crc32 } from '../../parsers/bytes/crc32';
import { filetimeFromParts, partsFromIso } from '../../parsers/bytes/filetime';
import type { EvtxEvent } from './event';
import {
  SYSTEM_SUB,
  SYSTEM_SUB_COUNT,
  systemTemplate,
  type TemplateContent,
  type TemplateDefinition,
  type TemplateElement,
  type TemplateInstanceRef,
} from './template-tree';
import { type EvtxScalar, type EvtxValueType, VALUE_TYPE, valueSize, writeValue } from './values';

export const CHUNK_SIZE = 0x10000;
export const CHUNK_HEADER_SIZE = 0x200;
const CHUNK_HEADER_FIELDS_SIZE = 0x80;
const STRING_TABLE_OFFSET = 0x80;
const STRING_BUCKETS = 64;
const TEMPLATE_TABLE_OFFSET = 0x180;
const TEMPLATE_BUCKETS = 32;
const RECORD_SIGNATURE = 0x00002a2a;
const _RECORD_HEADER_SIZE = 24;
const CHUNK_FLAGS_OFFSET = 120;

const TOKEN = {
  endOfStream: 0x00,
  openStart: 0x01,
  closeStart: 0x02,
  closeEmpty: 0x03,
  endElement: 0x04,
  value: 0x05,
  attribute: 0x06,
  templateInstance: 0x0c,
  normalSub: 0x0d,
  optionalSub: 0x0e,
  fragmentHeader: 0x0f,
  hasMore: 0x40,
} as const;

/** The name hash stored in name definitions: h = h * 65599 + code unit, low 16 bits kept. */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

function guidData1(guid: string): number {
  return Number.parseInt(guid.slice(1, 9), 16) >>> 0;
}

interface Pending {
  names: { name: string; offset: number }[];
  templates: { key: string; offset: number; id: number }[];
}

export class ChunkBuilder {
  /** Twice the chunk size so a record that fits an empty chunk can be written anywhere, then checked. */
  private readonly buf = new Uint8Array(CHUNK_SIZE * 2);
  private readonly view = new DataView(this.buf.buffer);
  private pos = CHUNK_HEADER_SIZE;
  private readonly names = new Map<string, number>();
  private readonly templates = new Map<string, { offset: number; id: number }>();
  private readonly stringBuckets = new Uint32Array(STRING_BUCKETS);
  private readonly templateBuckets = new Uint32Array(TEMPLATE_BUCKETS);
  private pending: Pending = { names: [], templates: [] };
  private lastRecordOffset = 0;
  firstRecordId = -1;
  lastRecordId = -1;
  recordCount = 0;
  private readonly systemTemplates = new Map<string, TemplateDefinition>();

  get isEmpty(): boolean {
    return this.recordCount === 0;
  }

  /** Appends one record; returns false (chunk unchanged) when it does not fit. */
  tryAdd(event: EvtxEvent, recordId: number): boolean {
    const start = this.pos;
    this.pending = { names: [], templates: [] };
    let overflow = false;
    try {
      this.writeRecord(event, recordId);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      overflow = true;
    }
    // libevtx drops a record that ends exactly at the chunk end, so a chunk is never filled completely.
    if (overflow || this.pos >= CHUNK_SIZE) {
      this.rollback(start);
      if (this.isEmpty) throw new Error(`event ${event.eventId} is larger than an empty chunk`);
      return false;
    }
    this.commit();
    this.lastRecordOffset = start;
    if (this.firstRecordId < 0) this.firstRecordId = recordId;
    this.lastRecordId = recordId;
    this.recordCount++;
    return true;
  }

  /** The finished 64 KiB chunk with both CRCs set. */
  finish(): Uint8Array {
    const out = new Uint8Array(CHUNK_SIZE);
    out.set(this.buf.subarray(0, this.pos));
    const v = new DataView(out.buffer);
    const magic = 'ElfChnk\0';
    for (let i = 0; i < 8; i++) out[i] = magic.charCodeAt(i);
    const first = Math.max(this.firstRecordId, 0);
    const last = Math.max(this.lastRecordId, 0);
    setU64(v, 8, first);
    setU64(v, 16, last);
    setU64(v, 24, first);
    setU64(v, 32, last);
    v.setUint32(40, CHUNK_HEADER_FIELDS_SIZE, true);
    v.setUint32(44, this.lastRecordOffset, true);
    v.setUint32(48, this.pos, true);
    v.setUint32(52, crc32(out, CHUNK_HEADER_SIZE, this.pos), true);
    v.setUint32(CHUNK_FLAGS_OFFSET, 1, true);
    for (let i = 0; i < STRING_BUCKETS; i++)
      v.setUint32(STRING_TABLE_OFFSET + i * 4, this.stringBuckets[i], true);
    for (let i = 0; i < TEMPLATE_BUCKETS; i++)
      v.setUint32(TEMPLATE_TABLE_OFFSET + i * 4, this.templateBuckets[i], true);
    const c1 = crc32(out, 0, CHUNK_FLAGS_OFFSET);
    const crc = crc32(out, CHUNK_HEADER_FIELDS_SIZE, CHUNK_HEADER_SIZE, c1);
    v.setUint32(124, crc, true);
    return out;
  }

  private rollback(start: number): void {
    for (const n of this.pending.names) this.names.delete(n.name);
    for (const t of this.pending.templates) this.templates.delete(t.key);
    this.buf.fill(0, start, Math.min(this.pos, this.buf.length));
    this.pos = start;
  }

  private commit(): void {
    for (const n of this.pending.names) {
      const bucket = nameHash(n.name) % STRING_BUCKETS;
      this.view.setUint32(n.offset, this.stringBuckets[bucket], true);
      this.stringBuckets[bucket] = n.offset;
    }
    for (const t of this.pending.templates) {
      const bucket = t.id % TEMPLATE_BUCKETS;
      this.view.setUint32(t.offset, this.templateBuckets[bucket], true);
      this.templateBuckets[bucket] = t.offset;
    }
  }

  private u8(v: number): void {
    this.buf[this.pos++] = v;
  }
  private u16(v: number): void {
    this.view.setUint16(this.pos, v, true);
    this.pos += 2;
  }
  private u32(v: number): void {
    this.view.setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
  }
  private utf16(s: string): void {
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      b[p++] = c & 0xff;
      b[p++] = c >>> 8;
    }
    this.pos = p;
  }
  /** Guard against writing past the scratch buffer (a record larger than a chunk). */
  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) throw new RangeError('record overflows the chunk scratch buffer');
  }

  private writeRecord(event: EvtxEvent, recordId: number): void {
    const start = this.pos;
    const t = partsFromIso(event.timeCreated);
    if (!Number.isFinite(t.timeMs)) throw new Error(`bad timeCreated: ${event.timeCreated}`);
    const ft = filetimeFromParts(t.timeMs, t.tick);
    this.u32(RECORD_SIGNATURE);
    this.u32(0);
    setU64(this.view, this.pos, recordId);
    this.pos += 8;
    this.u32(ft.lo);
    this.u32(ft.hi);
    this.writeFragmentHeader();
    let sys = this.systemTemplates.get(event.computer);
    if (!sys) {
      sys = systemTemplate(event.computer);
      this.systemTemplates.set(event.computer, sys);
    }
    this.writeTemplateInstance(sys);
    const s = SYSTEM_SUB;
    const types = new Array<EvtxValueType | 'bxml'>(SYSTEM_SUB_COUNT);
    const values = new Array<EvtxScalar>(SYSTEM_SUB_COUNT);
    const put = (i: number, type: EvtxValueType, v: EvtxScalar | undefined) => {
      types[i] = type;
      values[i] = v === undefined ? null : v;
    };
    put(s.level, 'uint8', event.level);
    put(s.opcode, 'uint8', event.opcode);
    put(s.task, 'uint16', event.task);
    put(s.eventId, 'uint16', event.eventId);
    put(s.qualifiers, 'uint16', event.qualifiers);
    put(s.keywords, 'hex64', event.keywords);
    put(s.timeCreated, 'filetime', event.timeCreated);
    put(s.activityId, 'guid', event.activityId);
    put(s.processId, 'uint32', event.processId);
    put(s.threadId, 'uint32', event.threadId);
    put(s.eventRecordId, 'uint64', recordId);
    put(s.version, 'uint8', event.version);
    put(s.userId, 'sid', event.userId);
    put(s.relatedActivityId, 'guid', null);
    put(s.providerName, 'string', event.providerName);
    put(s.providerGuid, 'guid', event.providerGuid);
    put(s.channel, 'string', event.channel);
    types[s.eventData] = 'bxml';
    values[s.eventData] = null;
    // substitution array: count, descriptors (u16 size, u8 type, u8 0), then values
    this.ensure(4 + SYSTEM_SUB_COUNT * 4);
    this.u32(SYSTEM_SUB_COUNT);
    const descAt = this.pos;
    this.pos += SYSTEM_SUB_COUNT * 4;
    for (let i = 0; i < SYSTEM_SUB_COUNT; i++) {
      const d = descAt + i * 4;
      if (types[i] === 'bxml') {
        const bxStart = this.pos;
        this.writeEventData(event);
        this.view.setUint16(d, this.pos - bxStart, true);
        this.buf[d + 2] = VALUE_TYPE.bxml;
        continue;
      }
      const type = types[i] as EvtxValueType;
      const v = values[i];
      const size = valueSize(type, v);
      this.ensure(size);
      writeValue(this.buf, this.view, this.pos, type, v);
      this.pos += size;
      this.view.setUint16(d, size, true);
      this.buf[d + 2] = v === null ? VALUE_TYPE.null : VALUE_TYPE[type];
    }
    this.ensure(16);
    while ((this.pos + 4 - start) % 8 !== 0) this.u8(0);
    this.u32(0);
    const size = this.pos - start;
    this.view.setUint32(start + 4, size, true);
    this.view.setUint32(this.pos - 4, size, true);
  }

  private writeEventData(event: EvtxEvent): void {
    const schema = event.schema;
    const n = schema.types.length;
    if (event.values.length !== n)
      throw new Error(`${schema.key}: ${event.values.length} values for ${n} fields`);
    this.writeFragmentHeader();
    this.writeTemplateInstance(schema.template);
    this.ensure(4 + n * 4);
    this.u32(n);
    const descAt = this.pos;
    this.pos += n * 4;
    for (let i = 0; i < n; i++) {
      const type = schema.types[i];
      const v = event.values[i] ?? null;
      // EventData strings carry their NUL terminator, as Windows writes them (an empty string is
      // the 2-byte NUL alone); SizeT fields are declared 0x10 in the template but their values
      // are typed HexInt64 (0x15), as in real 64-bit Security logs.
      const nul = type === 'string' && v !== null ? 2 : 0;
      const size = valueSize(type, v) + nul;
      if (size > 0xffff) throw new Error(`${schema.fields[i].name}: value too large`);
      this.ensure(size);
      writeValue(this.buf, this.view, this.pos, type, v);
      if (nul) {
        this.buf[this.pos + size - 2] = 0;
        this.buf[this.pos + size - 1] = 0;
      }
      this.pos += size;
      const d = descAt + i * 4;
      this.view.setUint16(d, size, true);
      this.buf[d + 2] = v === null ? VALUE_TYPE.null : type === 'sizet' ? VALUE_TYPE.hex64 : VALUE_TYPE[type];
    }
  }

  private writeFragmentHeader(): void {
    this.ensure(4);
    this.u8(TOKEN.fragmentHeader);
    this.u8(1);
    this.u8(1);
    this.u8(0);
  }

  private writeTemplateInstance(t: TemplateDefinition): void {
    this.ensure(10);
    const known = this.templates.get(t.key);
    const id = guidData1(t.guid);
    this.u8(TOKEN.templateInstance);
    this.u8(1);
    this.u32(id);
    if (known) {
      this.u32(known.offset);
      return;
    }
    const defOffset = this.pos + 4;
    this.u32(defOffset);
    this.templates.set(t.key, { offset: defOffset, id });
    this.pending.templates.push({ key: t.key, offset: defOffset, id });
    // template definition: next offset, GUID, data size, fragment header + element + EOF
    this.ensure(24);
    this.u32(0);
    writeValue(this.buf, this.view, this.pos, 'guid', t.guid);
    this.pos += 16;
    const sizeAt = this.pos;
    this.u32(0);
    this.writeFragmentHeader();
    if (t.root.kind === 'fragment') for (const n of t.root.nodes) this.writeNode(n);
    else this.writeElement(t.root);
    this.ensure(1);
    this.u8(TOKEN.endOfStream);
    this.view.setUint32(sizeAt, this.pos - sizeAt - 4, true);
  }

  private writeName(name: string): void {
    this.ensure(4 + 8 + name.length * 2 + 2);
    const known = this.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const offset = this.pos + 4;
    this.u32(offset);
    this.names.set(name, offset);
    this.pending.names.push({ name, offset });
    this.u32(0);
    this.u16(nameHash(name));
    this.u16(name.length);
    this.utf16(name);
    this.u16(0);
  }

  private writeContent(c: TemplateContent): void {
    if (c.kind === 'text') {
      this.ensure(4 + c.text.length * 2);
      this.u8(TOKEN.value);
      this.u8(VALUE_TYPE.string);
      this.u16(c.text.length);
      this.utf16(c.text);
    } else {
      this.ensure(4);
      this.u8(c.optional ? TOKEN.optionalSub : TOKEN.normalSub);
      this.u16(c.index);
      this.u8(c.type);
    }
  }

  private writeNode(n: TemplateElement | TemplateContent | TemplateInstanceRef): void {
    if (n.kind === 'element') this.writeElement(n);
    else if (n.kind === 'instance') {
      this.writeTemplateInstance(n.template);
      this.ensure(4);
      this.u32(0);
    } else this.writeContent(n);
  }

  private writeElement(e: TemplateElement): void {
    this.ensure(11);
    this.u8(e.attrs.length > 0 ? TOKEN.openStart | TOKEN.hasMore : TOKEN.openStart);
    this.u16(0xffff);
    const sizeAt = this.pos;
    this.u32(0);
    this.writeName(e.name);
    if (e.attrs.length > 0) {
      this.ensure(4);
      const attrSizeAt = this.pos;
      this.u32(0);
      for (let i = 0; i < e.attrs.length; i++) {
        this.ensure(1);
        this.u8(i < e.attrs.length - 1 ? TOKEN.attribute | TOKEN.hasMore : TOKEN.attribute);
        this.writeName(e.attrs[i].name);
        this.writeContent(e.attrs[i].value);
      }
      this.view.setUint32(attrSizeAt, this.pos - attrSizeAt - 4, true);
    }
    this.ensure(1);
    if (e.children.length === 0) {
      this.u8(TOKEN.closeEmpty);
    } else {
      this.u8(TOKEN.closeStart);
      for (const c of e.children) this.writeNode(c);
      this.ensure(1);
      this.u8(TOKEN.endElement);
    }
    this.view.setUint32(sizeAt, this.pos - sizeAt - 4, true);
  }
}

export function setU64(v: DataView, at: number, n: number): void {
  v.setUint32(at, n >>> 0, true);
  v.setUint32(at + 4, Math.floor(n / 4294967296) >>> 0, true);
}
