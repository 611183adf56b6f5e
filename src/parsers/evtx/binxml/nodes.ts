// In-memory form of a parsed Binary XML fragment: one monomorphic node shape for elements, text,
// substitutions, references, CDATA, processing instructions and template instances. Templates are
// parsed into this form once per chunk; records only add a ValueTable.
import type { CompiledTemplate } from './template-cache';

export const NODE_ELEMENT = 1;
export const NODE_TEXT = 2;
export const NODE_SUBSTITUTION = 3;
export const NODE_CHAR_REF = 4;
export const NODE_ENTITY_REF = 5;
export const NODE_CDATA = 6;
export const NODE_PI = 7;
export const NODE_INSTANCE = 8;

/** Substitution values of one template instance; offsets are relative to the chunk start. */
export interface ValueTable {
  count: number;
  types: Uint8Array;
  offsets: Int32Array;
  sizes: Int32Array;
}

export function newValueTable(capacity: number): ValueTable {
  return {
    count: 0,
    types: new Uint8Array(capacity),
    offsets: new Int32Array(capacity),
    sizes: new Int32Array(capacity),
  };
}

export const EMPTY_VALUES: ValueTable = newValueTable(0);

export interface XmlAttr {
  name: string;
  parts: XmlNode[];
}

const NO_ATTRS: XmlAttr[] = [];
const NO_CHILDREN: XmlNode[] = [];

export class XmlNode {
  /** NODE_* */
  kind: number;
  /** Element, attribute-less entity reference or PI target name. */
  name = '';
  /** TEXT, CDATA and PI data. */
  text = '';
  /** Substitution index, or the code point of a character reference. */
  index = 0;
  optional = false;
  /** Declared value type of a substitution. */
  valueType = 0;
  attrs: XmlAttr[] = NO_ATTRS;
  children: XmlNode[] = NO_CHILDREN;
  template: CompiledTemplate | null = null;
  values: ValueTable = EMPTY_VALUES;

  constructor(kind: number) {
    this.kind = kind;
  }
}
