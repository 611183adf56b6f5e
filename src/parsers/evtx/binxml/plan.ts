// Compiles a template's node tree into a flat list of operations ("plan") that move substitution
// values straight into a record's fields, so a record costs little more than reading its values.
//
// Flattening rules (the normalized record's `data` names):
//   Event/System/*          -> system fields (SYS_*), see SYSTEM_FIELDS below
//   EventData/Data[@Name=N] -> N
//   EventData/Data (no Name)-> `Data[i]`, i = 1-based position among the EventData's Data elements
//   EventData/Binary        -> `Binary`
//   EventData/X/... (other) -> `X/Child/...` as for UserData
//   UserData/X/Y            -> `X/Y` (leaf text), attributes as `X/Y/@attr` (xmlns attributes skipped)
//   Event/Other/...         -> `Other/...` (RenderingInfo, ProcessingErrorData, ...)
// A repeated name gets a suffix: `Name[2]`, `Name[3]`, ...
// A substitution of type BinXml where elements are expected is spliced in place (its template's
// plan is compiled for that context and path).
import type { RecordBudget } from './budget';
import type { ChunkData } from './chunk-data';
import {
  type CompiledTemplate,
  EMPTY_VALUES,
  NODE_ELEMENT,
  NODE_INSTANCE,
  NODE_SUBSTITUTION,
  NODE_TEXT,
  type Plan,
  type PlanOp,
  type ValueTable,
  type XmlNode,
} from './nodes';
import { isEmptyValue, parseNested, renderParts, renderValue } from './render-xml';
import { arrayItems, VT_ARRAY, VT_BINXML, VT_EVT_XML, VT_FILETIME } from './value-types';
import { u32le } from '../../bytes/le';

export const CTX_ROOT = 0;
export const CTX_SYSTEM = 1;
export const CTX_EVENT_DATA = 2;
export const CTX_USER_DATA = 3;

export const SYS_PROVIDER = 0;
export const SYS_PROVIDER_GUID = 1;
export const SYS_EVENT_ID = 2;
export const SYS_QUALIFIERS = 3;
export const SYS_VERSION = 4;
export const SYS_LEVEL = 5;
export const SYS_TASK = 6;
export const SYS_OPCODE = 7;
export const SYS_KEYWORDS = 8;
export const SYS_TIME_CREATED = 9;
export const SYS_EVENT_RECORD_ID = 10;
export const SYS_ACTIVITY_ID = 11;
export const SYS_RELATED_ACTIVITY_ID = 12;
export const SYS_PROCESS_ID = 13;
export const SYS_THREAD_ID = 14;
export const SYS_CHANNEL = 15;
export const SYS_COMPUTER = 16;
export const SYS_USER_ID = 17;
export const SYS_EVENT_SOURCE_NAME = 18;
export const SYS_COUNT = 19;

/** System element content -> field. */
const SYSTEM_CONTENT: Record<string, number> = {
  EventID: SYS_EVENT_ID,
  Version: SYS_VERSION,
  Level: SYS_LEVEL,
  Task: SYS_TASK,
  Opcode: SYS_OPCODE,
  Keywords: SYS_KEYWORDS,
  EventRecordID: SYS_EVENT_RECORD_ID,
  Channel: SYS_CHANNEL,
  Computer: SYS_COMPUTER,
};

/** System element attributes -> field, keyed `Element@Attribute`. */
const SYSTEM_ATTRS: Record<string, number> = {
  'Provider@Name': SYS_PROVIDER,
  'Provider@Guid': SYS_PROVIDER_GUID,
  'Provider@EventSourceName': SYS_EVENT_SOURCE_NAME,
  'EventID@Qualifiers': SYS_QUALIFIERS,
  'TimeCreated@SystemTime': SYS_TIME_CREATED,
  'Correlation@ActivityID': SYS_ACTIVITY_ID,
  'Correlation@RelatedActivityID': SYS_RELATED_ACTIVITY_ID,
  'Execution@ProcessID': SYS_PROCESS_ID,
  'Execution@ThreadID': SYS_THREAD_ID,
  'Security@UserID': SYS_USER_ID,
};

const OP_SYSTEM = 0;
const OP_DATA = 1;
const OP_SPLICE = 2;

function op(kind: number, parts: XmlNode[]): PlanOp {
  return {
    kind,
    field: 0,
    key: '',
    nameParts: null,
    isData: false,
    omitIfEmpty: false,
    parts,
    index: 0,
    ctx: 0,
    path: '',
  };
}

function isTextPart(n: XmlNode): boolean {
  return n.kind !== NODE_ELEMENT && n.kind !== NODE_INSTANCE && !isSplice(n);
}

function isSplice(n: XmlNode): boolean {
  return (
    n.kind === NODE_INSTANCE ||
    (n.kind === NODE_SUBSTITUTION && (n.valueType === VT_BINXML || n.valueType === VT_EVT_XML))
  );
}

function hasContent(parts: XmlNode[]): boolean {
  for (const p of parts) if (p.kind !== NODE_TEXT || p.text.trim() !== '') return true;
  return false;
}

/** Plan for `template` when its content lands in flattening context `ctx` at `path` (compiled once). */
export function planFor(template: CompiledTemplate, ctx: number, path: string): Plan {
  const key = path === '' ? `${ctx}` : `${ctx}|${path}`;
  let plan = template.plans.get(key);
  if (plan === undefined) {
    plan = compilePlan(template.nodes, ctx, path, template.offset);
    template.plans.set(key, plan);
  }
  return plan;
}

export function compilePlan(nodes: XmlNode[], ctx: number, path: string, template = -1): Plan {
  const ops: PlanOp[] = [];
  for (const n of nodes) {
    if (n.kind === NODE_ELEMENT) {
      if (ctx === CTX_ROOT) {
        if (n.name === 'Event') compileEvent(n, ops);
        else compileEventChild(n, ops);
      } else compileIn(n, ctx, path, ops);
    } else if (isSplice(n)) addSplice(n, ctx, path, '', ops);
  }
  return { ops, uniqueKeys: keysAreUnique(ops), template };
}

function keysAreUnique(ops: PlanOp[]): boolean {
  const seen = new Set<string>();
  for (const o of ops) {
    if (o.kind === OP_SPLICE || o.nameParts !== null) return false;
    if (o.kind !== OP_DATA || o.key === '') continue;
    if (seen.has(o.key) || o.key === '__proto__' || /^Data\[\d+\]$/.test(o.key)) return false;
    seen.add(o.key);
  }
  return true;
}

function addSplice(n: XmlNode, ctx: number, path: string, key: string, ops: PlanOp[]): void {
  const o = op(OP_SPLICE, n.kind === NODE_INSTANCE ? [n] : []);
  o.index = n.index;
  o.ctx = ctx;
  o.path = path;
  o.key = key;
  ops.push(o);
}

function compileEvent(event: XmlNode, ops: PlanOp[]): void {
  for (const c of event.children) {
    if (c.kind === NODE_ELEMENT) compileEventChild(c, ops);
    else if (isSplice(c)) addSplice(c, CTX_ROOT, '', 'Event', ops);
  }
}

function compileEventChild(c: XmlNode, ops: PlanOp[]): void {
  if (c.name === 'System') compileContainer(c, CTX_SYSTEM, '', ops);
  else if (c.name === 'EventData') compileContainer(c, CTX_EVENT_DATA, '', ops);
  else if (c.name === 'UserData') compileContainer(c, CTX_USER_DATA, '', ops);
  else compileIn(c, CTX_USER_DATA, '', ops);
}

function compileContainer(el: XmlNode, ctx: number, path: string, ops: PlanOp[]): void {
  for (const c of el.children) {
    if (c.kind === NODE_ELEMENT) compileIn(c, ctx, path, ops);
    else if (isSplice(c)) addSplice(c, ctx, path, el.name, ops);
    else if (c.kind === NODE_SUBSTITUTION) {
      const o = op(OP_DATA, [c]);
      o.key = el.name;
      ops.push(o);
    }
  }
}

function compileIn(el: XmlNode, ctx: number, path: string, ops: PlanOp[]): void {
  if (ctx === CTX_SYSTEM) {
    for (const a of el.attrs) {
      const field = SYSTEM_ATTRS[`${el.name}@${a.name}`];
      if (field !== undefined) {
        const o = op(OP_SYSTEM, a.parts);
        o.field = field;
        ops.push(o);
      }
    }
    const field = SYSTEM_CONTENT[el.name];
    if (field !== undefined) {
      const o = op(OP_SYSTEM, el.children.filter(isTextPart));
      o.field = field;
      ops.push(o);
    }
    for (const c of el.children) if (isSplice(c)) addSplice(c, CTX_SYSTEM, '', el.name, ops);
    return;
  }
  if (ctx === CTX_EVENT_DATA) {
    if (el.name === 'Data') {
      const o = op(
        OP_DATA,
        el.children.filter((c) => c.kind !== NODE_INSTANCE),
      );
      o.isData = true;
      for (const a of el.attrs) {
        if (a.name !== 'Name') continue;
        if (a.parts.length === 1 && a.parts[0].kind === NODE_TEXT) o.key = a.parts[0].text;
        else o.nameParts = a.parts;
      }
      o.omitIfEmpty = o.key === '' && o.nameParts === null && el.attrs.length === 0;
      ops.push(o);
      return;
    }
    if (el.name === 'Binary') {
      const o = op(OP_DATA, el.children.filter(isTextPart));
      o.key = 'Binary';
      o.omitIfEmpty = el.attrs.length === 0;
      ops.push(o);
      return;
    }
    compileIn(el, CTX_USER_DATA, '', ops);
    return;
  }
  const key = path === '' ? el.name : `${path}/${el.name}`;
  for (const a of el.attrs) {
    if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
    const o = op(OP_DATA, a.parts);
    o.key = `${key}/@${a.name}`;
    ops.push(o);
  }
  let childElements = false;
  for (const c of el.children) {
    if (c.kind === NODE_ELEMENT) {
      childElements = true;
      compileIn(c, CTX_USER_DATA, key, ops);
    } else if (isSplice(c)) {
      childElements = true;
      addSplice(c, CTX_USER_DATA, key, key, ops);
    }
  }
  const text = el.children.filter(isTextPart);
  if (hasContent(text) || !childElements) {
    const o = op(OP_DATA, hasContent(text) ? text : []);
    o.key = key;
    ops.push(o);
  }
}

/** Per-record output of plans: system field strings and the data map. Reused across records. */
export class FieldSink {
  readonly sys: string[] = new Array<string>(SYS_COUNT).fill('');
  data: Record<string, string> = {};
  dataPos = 0;
  /** Names stored so far in `data`. */
  keyCount = 0;
  /** TimeCreated/@SystemTime as FILETIME halves when it came from a FILETIME value. */
  timeLo = 0;
  timeHi = 0;
  hasFiletime = false;
  /** Budget the stored fields are charged to (the chunk's, set per record); none: unbounded. */
  budget: RecordBudget | null = null;
  /** Name lookups made to find free `[i]` suffixes (stays linear in the fields stored). */
  probes = 0;
  /** Per repeated name: the smallest suffix that may still be free. */
  private readonly nextSuffix = new Map<string, number>();

  reset(): void {
    this.sys.fill('');
    this.data = {};
    this.dataPos = 0;
    this.keyCount = 0;
    this.hasFiletime = false;
    if (this.nextSuffix.size > 0) this.nextSuffix.clear();
  }

  /**
   * Stores `value` under `key`, or under `key[i]` with the smallest free i >= 2 when `key` is
   * taken. Names are never removed within a record, so the search resumes where the previous one
   * for the same name stopped.
   */
  add(key: string, value: string): void {
    const data = this.data;
    this.probes++;
    if (Object.hasOwn(data, key)) {
      let i = this.nextSuffix.get(key) ?? 2;
      this.probes++;
      while (Object.hasOwn(data, `${key}[${i}]`)) {
        i++;
        this.probes++;
      }
      this.nextSuffix.set(key, i + 1);
      key = `${key}[${i}]`;
    }
    this.budget?.spendField(key.length + value.length);
    this.keyCount++;
    if (key === '__proto__')
      Object.defineProperty(data, key, { value, enumerable: true, writable: true, configurable: true });
    else data[key] = value;
  }

  /** Stores a name known to be new and safe (plans whose names are all distinct and static). */
  put(key: string, value: string): void {
    this.budget?.spendField(key.length + value.length);
    this.data[key] = value;
    this.keyCount++;
  }
}

/** Runs `plan` over one template instance's values. */
export function applyPlan(
  chunk: ChunkData,
  plan: Plan,
  values: ValueTable,
  sink: FieldSink,
  depth: number,
): void {
  const ops = plan.ops;
  const budget = chunk.budget;
  budget.spendNodes(ops.length);
  const outer = budget.template;
  if (plan.template >= 0) budget.template = plan.template;
  const unique = plan.uniqueKeys && sink.keyCount === 0;
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i];
    switch (o.kind) {
      case OP_SYSTEM: {
        const parts = o.parts;
        if (o.field === SYS_TIME_CREATED && parts.length === 1 && parts[0].kind === NODE_SUBSTITUTION) {
          const idx = parts[0].index;
          if (idx < values.count && values.types[idx] === VT_FILETIME && values.sizes[idx] === 8) {
            const b = chunk.buf;
            const p = values.offsets[idx];
            sink.timeLo = u32le(b, p);
            sink.timeHi = u32le(b, p + 4);
            sink.hasFiletime = true;
          }
        }
        sink.sys[o.field] = parts.length === 0 ? '' : renderParts(chunk, parts, values, depth);
        break;
      }
      case OP_DATA: {
        let key = o.key;
        if (o.isData && o.parts.length === 1 && o.parts[0].kind === NODE_SUBSTITUTION) {
          const idx = o.parts[0].index;
          if (idx < values.count && values.types[idx] & VT_ARRAY) {
            const items = arrayItems(chunk.buf, values.offsets[idx], values.sizes[idx], values.types[idx]);
            const name = o.nameParts !== null ? renderParts(chunk, o.nameParts, values, depth) : key;
            for (const item of items) {
              sink.dataPos++;
              sink.add(name === '' ? `Data[${sink.dataPos}]` : name, item);
            }
            break;
          }
        }
        if (
          o.omitIfEmpty &&
          o.parts.length === 1 &&
          o.parts[0].optional &&
          isEmptyValue(values, o.parts[0].index)
        )
          break;
        if (o.isData) {
          sink.dataPos++;
          if (o.nameParts !== null) key = renderParts(chunk, o.nameParts, values, depth);
          if (key === '') key = `Data[${sink.dataPos}]`;
        }
        const value = o.parts.length === 0 ? '' : renderParts(chunk, o.parts, values, depth);
        if (unique) sink.put(key, value);
        else sink.add(key, value);
        break;
      }
      default: {
        if (o.parts.length === 1) {
          const inst = o.parts[0];
          if (inst.template)
            applyPlan(chunk, planFor(inst.template, o.ctx, o.path), inst.values, sink, depth);
          break;
        }
        const idx = o.index;
        if (idx >= values.count || values.sizes[idx] === 0) break;
        const type = values.types[idx];
        if (type === VT_BINXML || type === VT_EVT_XML) {
          const nested = parseNested(chunk, values.offsets[idx], values.sizes[idx], depth + 1);
          applyNodes(chunk, nested, o.ctx, o.path, sink, depth + 1);
        } else if (type !== 0) {
          sink.add(o.key === '' ? 'Data' : o.key, renderValue(chunk, values, idx, depth));
        }
      }
    }
  }
  budget.template = outer;
}

/** Flattens parsed top-level nodes (template instances or plain elements) into `sink`. */
export function applyNodes(
  chunk: ChunkData,
  nodes: XmlNode[],
  ctx: number,
  path: string,
  sink: FieldSink,
  depth: number,
): void {
  for (const n of nodes) {
    if (n.kind === NODE_INSTANCE) {
      if (n.template) applyPlan(chunk, planFor(n.template, ctx, path), n.values, sink, depth);
    } else if (n.kind === NODE_ELEMENT) {
      applyPlan(chunk, compilePlan([n], ctx, path), EMPTY_VALUES, sink, depth);
    }
  }
}
