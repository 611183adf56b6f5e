// Binary XML token reader: turns a token stream inside a chunk into XmlNode trees and template
// instances. Spec: libevtx "Binary XML" (tokens, names, template instance, substitutions) and
// MS-EVEN6 2.2.12. Element start headers carry a 2-byte dependency identifier inside template
// definitions but not in record bodies or nested BinXml values (as the Rust `evtx` crate observed).
// Template definitions (libevtx "Template definition": next template offset (4), template GUID (16),
// data size (4), then a Binary XML fragment of `data size` bytes) are parsed here once per chunk and
// definition offset (getTemplate); plan.ts compiles them into plans on demand.
import { guidAt } from '../../bytes/guid-sid';
import type { ChunkData } from './chunk-data';
import { BinXmlError } from './errors';
import {
  CompiledTemplate,
  IN_PROGRESS,
  NODE_CDATA,
  NODE_CHAR_REF,
  NODE_ELEMENT,
  NODE_ENTITY_REF,
  NODE_INSTANCE,
  NODE_PI,
  NODE_SUBSTITUTION,
  NODE_TEXT,
  newValueTable,
  type ValueTable,
  type XmlAttr,
  XmlNode,
} from './nodes';
import { decodeAnsi, decodeUtf16 } from './strings';
import {
  FRAGMENT_HEADER_SIZE,
  NAME_HEADER_SIZE,
  TEMPLATE_DEFINITION_HEADER_SIZE,
  TOKEN_ATTRIBUTE,
  TOKEN_CDATA_SECTION,
  TOKEN_CHAR_REF,
  TOKEN_CLOSE_EMPTY_ELEMENT,
  TOKEN_CLOSE_START_ELEMENT,
  TOKEN_END_ELEMENT,
  TOKEN_ENTITY_REF,
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_NORMAL_SUBSTITUTION,
  TOKEN_OPEN_START_ELEMENT,
  TOKEN_OPTIONAL_SUBSTITUTION,
  TOKEN_PI_DATA,
  TOKEN_PI_TARGET,
  TOKEN_TEMPLATE_INSTANCE,
  TOKEN_VALUE,
} from './tokens';
import { fixedSize, isKnownValueType, renderScalar, VT_ANSI_STRING, VT_STRING } from './value-types';
import { u16le, u32le } from '../../bytes/le';

/** Deepest element nesting accepted; real event XML stays below 10. */
export const MAX_ELEMENT_DEPTH = 64;

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

export class BinXmlReader {
  readonly b: Uint8Array;
  depth = 0;

  constructor(
    readonly chunk: ChunkData,
    public pos: number,
    public end: number,
    /** Template definitions carry a dependency identifier in element headers. */
    readonly hasDependencyId: boolean,
  ) {
    this.b = chunk.buf;
    if (end > this.b.length) this.end = this.b.length;
  }

  need(n: number, field: string): void {
    if (this.pos + n > this.end) {
      throw new BinXmlError(
        field,
        this.pos,
        `${n} bytes before 0x${this.end.toString(16)}`,
        `${Math.max(0, this.end - this.pos)}`,
      );
    }
  }

  u8(field: string): number {
    this.need(1, field);
    return this.b[this.pos++];
  }

  u16(field: string): number {
    this.need(2, field);
    const b = this.b;
    const p = this.pos;
    this.pos = p + 2;
    return u16le(b, p);
  }

  u32(field: string): number {
    this.need(4, field);
    const b = this.b;
    const p = this.pos;
    this.pos = p + 4;
    return u32le(b, p);
  }

  /** Name reference: chunk offset; when it points right behind itself the name is stored inline. */
  readName(field: string): string {
    const off = this.u32(field);
    if (off === this.pos) {
      this.need(NAME_HEADER_SIZE, `${field}.inline`);
      const count = u16le(this.b, off + 6);
      this.need(NAME_HEADER_SIZE + count * 2 + 2, `${field}.inline.characters`);
      this.pos += NAME_HEADER_SIZE + count * 2 + 2;
    }
    return this.chunk.nameAt(off);
  }

  /** Reads top-level nodes until the end-of-stream token or the end of the range. */
  readFragment(out: XmlNode[]): void {
    while (this.pos < this.end) {
      const t = this.b[this.pos];
      switch (t & 0xbf) {
        case TOKEN_EOF:
          this.pos++;
          return;
        case TOKEN_FRAGMENT_HEADER:
          this.need(FRAGMENT_HEADER_SIZE, 'fragmentHeader');
          this.pos += FRAGMENT_HEADER_SIZE;
          break;
        case TOKEN_TEMPLATE_INSTANCE: {
          const node = new XmlNode(NODE_INSTANCE);
          node.template = this.readTemplateInstance(null, node);
          out.push(node);
          break;
        }
        case TOKEN_OPEN_START_ELEMENT:
          out.push(this.readElement());
          break;
        default:
          out.push(this.readContentNode(t));
      }
    }
  }

  /**
   * Template instance: token, 1 unknown byte, template id (4), definition offset (4), the
   * definition itself when it is stored here, value count (4), descriptors (size 2, type 1, 0),
   * then the values. Fills `table` (or node.values) and returns the compiled template.
   */
  readTemplateInstance(table: ValueTable | null, node: XmlNode | null): CompiledTemplate {
    this.need(10, 'templateInstance');
    this.pos += 2;
    this.u32('templateInstance.templateId');
    const defOffset = this.u32('templateInstance.definitionOffset');
    if (defOffset === this.pos) {
      this.need(TEMPLATE_DEFINITION_HEADER_SIZE, 'templateDefinition');
      const b = this.b;
      const p = this.pos + 20;
      const dataSize = u32le(b, p);
      this.need(TEMPLATE_DEFINITION_HEADER_SIZE + dataSize, 'templateDefinition.dataSize');
      this.pos += TEMPLATE_DEFINITION_HEADER_SIZE + dataSize;
    }
    const template = getTemplate(this.chunk, defOffset);
    const count = this.u32('templateInstance.valueCount');
    if (count * 4 > this.end - this.pos) {
      throw new BinXmlError(
        'templateInstance.valueCount',
        this.pos - 4,
        `<= ${(this.end - this.pos) >> 2}`,
        `${count}`,
      );
    }
    let values: ValueTable;
    if (node !== null || table === null) {
      values = newValueTable(count);
      if (node !== null) node.values = values;
    } else {
      values = table;
      if (values.types.length < count) {
        const cap = Math.max(count, values.types.length * 2);
        values.types = new Uint8Array(cap);
        values.offsets = new Int32Array(cap);
        values.sizes = new Int32Array(cap);
      }
    }
    const b = this.b;
    let p = this.pos;
    let valuePos = p + count * 4;
    for (let i = 0; i < count; i++, p += 4) {
      const size = u16le(b, p);
      values.sizes[i] = size;
      values.types[i] = b[p + 2];
      values.offsets[i] = valuePos;
      valuePos += size;
    }
    if (valuePos > this.end) {
      throw new BinXmlError(
        'templateInstance.values',
        this.pos,
        `value sizes ending by 0x${this.end.toString(16)}`,
        `end at 0x${valuePos.toString(16)}`,
      );
    }
    values.count = count;
    this.pos = valuePos;
    return template;
  }

  readElement(): XmlNode {
    if (++this.depth > MAX_ELEMENT_DEPTH) {
      throw new BinXmlError('element.depth', this.pos, `<= ${MAX_ELEMENT_DEPTH}`, `${this.depth}`);
    }
    const token = this.b[this.pos++];
    if (this.hasDependencyId) {
      this.need(2, 'element.dependencyId');
      this.pos += 2;
    }
    this.u32('element.dataSize');
    const el = new XmlNode(NODE_ELEMENT);
    el.name = this.readName('element.name');
    if (token & 0x40) this.u32('element.attributeListSize');
    let attrs: XmlAttr[] | null = null;
    while (this.pos < this.end && (this.b[this.pos] & 0xbf) === TOKEN_ATTRIBUTE) {
      this.pos++;
      const name = this.readName('attribute.name');
      const parts: XmlNode[] = [];
      this.readValueParts(parts);
      if (attrs === null) attrs = [];
      attrs.push({ name, parts });
    }
    if (attrs !== null) el.attrs = attrs;
    const close = this.u8('element.closeToken');
    if (close === TOKEN_CLOSE_EMPTY_ELEMENT) {
      this.depth--;
      return el;
    }
    if (close !== TOKEN_CLOSE_START_ELEMENT) {
      throw new BinXmlError(
        'element.closeToken',
        this.pos - 1,
        'close start (0x02) or close empty (0x03)',
        hex(close),
      );
    }
    const children: XmlNode[] = [];
    for (;;) {
      if (this.pos >= this.end) {
        throw new BinXmlError('element.end', this.pos, `end element token for <${el.name}>`, 'end of data');
      }
      const t = this.b[this.pos];
      if (t === TOKEN_END_ELEMENT) {
        this.pos++;
        break;
      }
      if ((t & 0xbf) === TOKEN_OPEN_START_ELEMENT) children.push(this.readElement());
      else if ((t & 0xbf) === TOKEN_TEMPLATE_INSTANCE) {
        const node = new XmlNode(NODE_INSTANCE);
        node.template = this.readTemplateInstance(null, node);
        children.push(node);
      } else if (t === TOKEN_FRAGMENT_HEADER) {
        this.need(FRAGMENT_HEADER_SIZE, 'fragmentHeader');
        this.pos += FRAGMENT_HEADER_SIZE;
      } else children.push(this.readContentNode(t));
    }
    if (children.length > 0) el.children = children;
    this.depth--;
    return el;
  }

  /** Attribute values: a run of value / substitution / character and entity reference tokens. */
  private readValueParts(parts: XmlNode[]): void {
    while (this.pos < this.end) {
      const t = this.b[this.pos];
      const base = t & 0xbf;
      if (
        base !== TOKEN_VALUE &&
        base !== TOKEN_NORMAL_SUBSTITUTION &&
        base !== TOKEN_OPTIONAL_SUBSTITUTION &&
        base !== TOKEN_CHAR_REF &&
        base !== TOKEN_ENTITY_REF
      )
        return;
      parts.push(this.readContentNode(t));
    }
  }

  /** Value, substitution, CDATA, character/entity reference or processing instruction. */
  readContentNode(t: number): XmlNode {
    const at = this.pos;
    this.pos++;
    switch (t & 0xbf) {
      case TOKEN_VALUE: {
        const type = this.u8('value.type');
        const node = new XmlNode(NODE_TEXT);
        if (type === VT_STRING) {
          const n = this.u16('value.length');
          this.need(n * 2, 'value.string');
          node.text = decodeUtf16(this.b, this.pos, n, false);
          this.pos += n * 2;
        } else if (type === VT_ANSI_STRING) {
          const n = this.u16('value.length');
          this.need(n, 'value.ansiString');
          node.text = decodeAnsi(this.b, this.pos, n);
          this.pos += n;
        } else {
          const size = fixedSize(type);
          if (size === 0 || type & 0x80) {
            throw new BinXmlError('value.type', at + 1, 'a string or fixed-size value type', hex(type));
          }
          this.need(size, 'value.data');
          node.text = renderScalar(this.b, this.pos, size, type);
          this.pos += size;
        }
        return node;
      }
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION: {
        const node = new XmlNode(NODE_SUBSTITUTION);
        node.index = this.u16('substitution.index');
        node.valueType = this.u8('substitution.type');
        node.optional = (t & 0xbf) === TOKEN_OPTIONAL_SUBSTITUTION;
        if (!isKnownValueType(node.valueType)) {
          throw new BinXmlError('substitution.type', this.pos - 1, 'a known value type', hex(node.valueType));
        }
        return node;
      }
      case TOKEN_CDATA_SECTION: {
        const n = this.u16('cdata.length');
        this.need(n * 2, 'cdata.string');
        const node = new XmlNode(NODE_CDATA);
        node.text = decodeUtf16(this.b, this.pos, n, false);
        this.pos += n * 2;
        return node;
      }
      case TOKEN_CHAR_REF: {
        const node = new XmlNode(NODE_CHAR_REF);
        node.index = this.u16('charRef.value');
        return node;
      }
      case TOKEN_ENTITY_REF: {
        const node = new XmlNode(NODE_ENTITY_REF);
        node.name = this.readName('entityRef.name');
        return node;
      }
      case TOKEN_PI_TARGET: {
        const node = new XmlNode(NODE_PI);
        node.name = this.readName('piTarget.name');
        if (this.pos < this.end && this.b[this.pos] === TOKEN_PI_DATA) {
          this.pos++;
          const n = this.u16('piData.length');
          this.need(n * 2, 'piData.string');
          node.text = decodeUtf16(this.b, this.pos, n, false);
          this.pos += n * 2;
        }
        return node;
      }
      case TOKEN_PI_DATA: {
        const n = this.u16('piData.length');
        this.need(n * 2, 'piData.string');
        const node = new XmlNode(NODE_PI);
        node.text = decodeUtf16(this.b, this.pos, n, false);
        this.pos += n * 2;
        return node;
      }
      default:
        throw new BinXmlError('token', at, 'a Binary XML token', hex(t));
    }
  }
}

/** Returns the compiled template at chunk offset `defOffset`, parsing it on first use. */
export function getTemplate(chunk: ChunkData, defOffset: number): CompiledTemplate {
  const cached = chunk.templates.get(defOffset);
  if (cached !== undefined) {
    if (cached instanceof CompiledTemplate) return cached;
    if (cached === IN_PROGRESS) {
      throw new BinXmlError(
        'template.definitionOffset',
        defOffset,
        'a template that does not contain itself',
        'a recursive reference',
      );
    }
    throw cached;
  }
  let result: CompiledTemplate | BinXmlError;
  chunk.templates.set(defOffset, IN_PROGRESS);
  try {
    result = parseTemplate(chunk, defOffset);
  } catch (e) {
    if (!(e instanceof BinXmlError)) throw e;
    result = e;
  }
  chunk.templates.set(defOffset, result);
  if (result instanceof BinXmlError) throw result;
  return result;
}

function parseTemplate(chunk: ChunkData, defOffset: number): CompiledTemplate {
  const b = chunk.buf;
  if (defOffset < 0 || defOffset + TEMPLATE_DEFINITION_HEADER_SIZE > b.length) {
    throw new BinXmlError(
      'template.definitionOffset',
      defOffset,
      `a template definition inside the chunk (< 0x${b.length.toString(16)})`,
      `0x${defOffset.toString(16)}`,
    );
  }
  const p = defOffset + 20;
  const dataSize = u32le(b, p);
  const start = defOffset + TEMPLATE_DEFINITION_HEADER_SIZE;
  if (start + dataSize > b.length) {
    throw new BinXmlError('template.dataSize', p, `<= ${b.length - start}`, `${dataSize}`);
  }
  if (b[start] !== 0x0f) {
    throw new BinXmlError(
      'template.fragmentHeader',
      start,
      'fragment header token 0x0f',
      `0x${b[start].toString(16)}`,
    );
  }
  const reader = new BinXmlReader(chunk, start, start + dataSize, true);
  const nodes: XmlNode[] = [];
  reader.readFragment(nodes);
  return new CompiledTemplate(guidAt(b, defOffset + 4), defOffset, nodes);
}
