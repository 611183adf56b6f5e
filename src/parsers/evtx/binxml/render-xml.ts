// Renders Binary XML nodes and substitution values as text, the way Windows' "XML View" does:
// no added whitespace, attributes whose optional substitution is empty are left out, elements with
// no content are written `<Name/>`, text and attribute values XML-escaped, nested BinXml inline.
// Spec: MS-EVEN6 2.2.12 (substitution semantics), libevtx "Binary XML".
import type { ChunkData } from './chunk-data';
import { BinXmlError } from './errors';
import {
  EMPTY_VALUES,
  NODE_CDATA,
  NODE_CHAR_REF,
  NODE_ELEMENT,
  NODE_ENTITY_REF,
  NODE_INSTANCE,
  NODE_PI,
  NODE_SUBSTITUTION,
  NODE_TEXT,
  type ValueTable,
  type XmlNode,
} from './nodes';
import { BinXmlReader } from './reader';
import {
  arrayItems,
  renderArray,
  renderScalar,
  VT_ARRAY,
  VT_BINXML,
  VT_EVT_XML,
  VT_NULL,
} from './value-types';

/** Deepest nesting of BinXml values inside BinXml values. */
export const MAX_NESTED_BINXML = 8;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function entityText(name: string): string {
  return ENTITIES[name] ?? `&${name};`;
}

export function charRefText(code: number): string {
  return code >= 0xd800 && code <= 0xdfff ? '\ufffd' : String.fromCharCode(code);
}

const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_RE = /[&<>"']/g;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function xmlEscape(s: string): string {
  return NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE_RE, (c) => ESCAPES[c]) : s;
}

/** Parses a nested BinXml value (chunk offset `off`, `size` bytes) into top-level nodes. */
export function parseNested(chunk: ChunkData, off: number, size: number, depth: number): XmlNode[] {
  if (depth > MAX_NESTED_BINXML) {
    throw new BinXmlError('binxml.nesting', off, `<= ${MAX_NESTED_BINXML} nested BinXml values`, `${depth}`);
  }
  chunk.budget.spendNodes(size >> 3);
  const reader = new BinXmlReader(chunk, off, off + size, false);
  const nodes: XmlNode[] = [];
  reader.readFragment(nodes);
  return nodes;
}

/** True when substitution `index` is missing, NULL-typed or empty. */
export function isEmptyValue(values: ValueTable, index: number): boolean {
  return index >= values.count || values.types[index] === VT_NULL || values.sizes[index] === 0;
}

/** Substitution value as text (unescaped). BinXml values render as their XML. */
export function renderValue(chunk: ChunkData, values: ValueTable, index: number, depth: number): string {
  if (index >= values.count) return '';
  const type = values.types[index];
  const size = values.sizes[index];
  if (type === VT_NULL || size === 0) return '';
  const off = values.offsets[index];
  if (type & 0x80) return renderArray(chunk.buf, off, size, type);
  if (type === VT_BINXML || type === VT_EVT_XML) {
    return renderXml(chunk, parseNested(chunk, off, size, depth + 1), EMPTY_VALUES, depth + 1);
  }
  return renderScalar(chunk.buf, off, size, type);
}

/** Concatenated text of attribute/content parts (unescaped). */
export function renderParts(chunk: ChunkData, parts: XmlNode[], values: ValueTable, depth: number): string {
  if (parts.length === 1) return renderPart(chunk, parts[0], values, depth);
  let s = '';
  for (let i = 0; i < parts.length; i++) s += renderPart(chunk, parts[i], values, depth);
  return s;
}

function renderPart(chunk: ChunkData, n: XmlNode, values: ValueTable, depth: number): string {
  switch (n.kind) {
    case NODE_SUBSTITUTION:
      return renderValue(chunk, values, n.index, depth);
    case NODE_TEXT:
    case NODE_CDATA:
      return n.text;
    case NODE_CHAR_REF:
      return charRefText(n.index);
    case NODE_ENTITY_REF:
      return entityText(n.name);
    case NODE_ELEMENT:
    case NODE_INSTANCE:
      return renderXml(chunk, [n], values, depth);
    default:
      return '';
  }
}

/** XML text of `nodes` with substitutions taken from `values`. */
export function renderXml(chunk: ChunkData, nodes: XmlNode[], values: ValueTable, depth: number): string {
  let s = '';
  for (let i = 0; i < nodes.length; i++) s += renderNode(chunk, nodes[i], values, depth);
  return s;
}

function renderOpenTag(chunk: ChunkData, n: XmlNode, values: ValueTable, depth: number): string {
  let s = `<${n.name}`;
  for (const a of n.attrs) {
    if (
      a.parts.length === 1 &&
      a.parts[0].kind === NODE_SUBSTITUTION &&
      isEmptyValue(values, a.parts[0].index)
    )
      continue;
    s += ` ${a.name}="${xmlEscape(renderParts(chunk, a.parts, values, depth))}"`;
  }
  return s;
}

function renderNode(chunk: ChunkData, n: XmlNode, values: ValueTable, depth: number): string {
  const budget = chunk.budget;
  budget.spendNodes(1);
  switch (n.kind) {
    case NODE_ELEMENT: {
      if (n.children.length === 1 && n.children[0].kind === NODE_SUBSTITUTION) {
        const sub = n.children[0];
        if (sub.index < values.count && values.types[sub.index] & VT_ARRAY) {
          let out = '';
          const items = arrayItems(
            chunk.buf,
            values.offsets[sub.index],
            values.sizes[sub.index],
            values.types[sub.index],
          );
          const open = renderOpenTag(chunk, n, values, depth);
          for (const item of items) {
            const one = item === '' ? `${open}/>` : `${open}>${xmlEscape(item)}</${n.name}>`;
            budget.spendChars(one.length);
            out += one;
          }
          return out;
        }
        if (sub.optional && n.attrs.length === 0 && isEmptyValue(values, sub.index)) return '';
      }
      const s = renderOpenTag(chunk, n, values, depth);
      budget.spendChars(s.length + n.name.length + 3);
      const inner = renderXml(chunk, n.children, values, depth);
      return inner === '' ? `${s}/>` : `${s}>${inner}</${n.name}>`;
    }
    case NODE_SUBSTITUTION: {
      if (n.index >= values.count) return '';
      const type = values.types[n.index];
      if ((type === VT_BINXML || type === VT_EVT_XML) && values.sizes[n.index] > 0) {
        const nested = parseNested(chunk, values.offsets[n.index], values.sizes[n.index], depth + 1);
        return renderXml(chunk, nested, EMPTY_VALUES, depth + 1);
      }
      const text = xmlEscape(renderValue(chunk, values, n.index, depth));
      budget.spendChars(text.length);
      return text;
    }
    case NODE_INSTANCE: {
      if (!n.template) return '';
      const outer = budget.template;
      budget.template = n.template.offset;
      const xml = renderXml(chunk, n.template.nodes, n.values, depth);
      budget.template = outer;
      return xml;
    }
    case NODE_TEXT:
      budget.spendChars(n.text.length);
      return xmlEscape(n.text);
    case NODE_CDATA:
      budget.spendChars(n.text.length + 12);
      return `<![CDATA[${n.text}]]>`;
    case NODE_CHAR_REF:
      return `&#${n.index};`;
    case NODE_ENTITY_REF:
      return `&${n.name};`;
    case NODE_PI:
      budget.spendChars(n.name.length + n.text.length + 5);
      return `<?${n.name}${n.text ? ` ${n.text}` : ''}?>`;
    default:
      return '';
  }
}
