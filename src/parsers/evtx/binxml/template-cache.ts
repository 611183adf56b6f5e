// Template definitions, parsed once per chunk and definition offset, then compiled on demand into
// plans (see plan.ts) that map substitution slots straight to record fields.
// Spec: libevtx "Template definition": next template offset (4), template GUID (16), data size (4),
// then a Binary XML fragment of `data size` bytes (fragment header, root element, end of stream).
import { guidAt } from '../../bytes/guid-sid';
import type { ChunkData } from './chunk-data';
import { BinXmlError } from './errors';
import { NODE_ELEMENT, type XmlNode } from './nodes';
import { compilePlan, type Plan } from './plan';
import { BinXmlReader } from './reader';
import { TEMPLATE_DEFINITION_HEADER_SIZE } from './tokens';
import { u32le } from '../../bytes/le';

export class CompiledTemplate {
  private readonly plans = new Map<string, Plan>();

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

  /** Plan for this template when its content lands in flattening context `ctx` at `path`. */
  planFor(ctx: number, path: string): Plan {
    const key = path === '' ? `${ctx}` : `${ctx}|${path}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = compilePlan(this.nodes, ctx, path);
      this.plans.set(key, plan);
    }
    return plan;
  }
}

/** Marks a definition being parsed, so a template that references itself fails instead of recursing. */
export const IN_PROGRESS: unique symbol = Symbol('template being parsed');

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
