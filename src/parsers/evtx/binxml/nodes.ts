// In-memory form of a parsed Binary XML fragment: one monomorphic node shape for elements, text,
// substitutions, references, CDATA, processing instructions and template instances. Templates are
// parsed into this form once per chunk (reader.ts getTemplate); records only add a ValueTable.
// Also the types the reader, the plan compiler and the renderer share: CompiledTemplate and Plan.

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

/** One operation of a Plan (plan.ts compiles them): moves substitution values into record fields. */
export interface PlanOp {
  kind: number;
  /** SYS_* for OP_SYSTEM. */
  field: number;
  /** Static data name ('' = positional `Data[i]` or taken from nameParts). */
  key: string;
  /** Parts of a Name attribute when it is not a literal. */
  nameParts: XmlNode[] | null;
  /** Counts as an EventData `Data` element for positional names. */
  isData: boolean;
  /** Unnamed Data / Binary: left out when its only content is an empty optional substitution. */
  omitIfEmpty: boolean;
  parts: XmlNode[];
  /** OP_SPLICE: substitution index, flattening context and path of the splice site. */
  index: number;
  ctx: number;
  path: string;
}

/** A template's node tree flattened for one context and path into field operations. */
export interface Plan {
  ops: PlanOp[];
  /** Every data name is a distinct static (or positional) one: values are stored without checks. */
  uniqueKeys: boolean;
  /** Chunk offset of the template definition compiled (-1 for plain nodes), named by budget errors. */
  template: number;
}

/** A template definition parsed once per chunk and definition offset; plans compiled on demand. */
export class CompiledTemplate {
  /** Plans compiled so far, by flattening context and path (see planFor in plan.ts). */
  readonly plans = new Map<string, Plan>();

  constructor(
    /** `{GUID}` from the definition header. */
    readonly guid: string,
    /** Chunk offset of the definition header. */
    readonly offset: number,
    /** Top-level nodes of the definition's fragment (normally one root element). */
    readonly nodes: XmlNode[],
  ) {}

  get root(): XmlNode | null {
    for (const n of this.nodes) if (n.kind === NODE_ELEMENT) return n;
    return null;
  }
}

/** Marks a definition being parsed, so a template that references itself fails instead of recursing. */
export const IN_PROGRESS: unique symbol = Symbol('template being parsed');
