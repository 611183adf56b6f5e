// Per-record work budget of Binary XML expansion. Template instances can reference other templates
// (inside definitions and through nested BinXml values), so a 2 KiB record of K templates that each
// hold two instances of the previous one expands to 2^K nodes. Every record gets a fixed budget of
// expanded nodes, output fields and output characters; past it the record is an error naming the
// template being expanded, and the rest of the chunk goes on.
import { BinXmlError } from './errors';

/** Plan operations, XML nodes rendered and nested BinXml work (1 per 8 bytes parsed) per record. */
export const MAX_RECORD_NODES = 1 << 18;
/** Fields (EventData/UserData names) one record may produce. */
export const MAX_RECORD_FIELDS = 1 << 17;
/** Characters (UTF-16 code units) of field names and values, or of XML text, per record. */
export const MAX_RECORD_OUTPUT_CHARS = 1 << 20;

export class RecordBudget {
  nodes = 0;
  fields = 0;
  chars = 0;
  /** Chunk offset of the template being expanded (-1 before the first one). */
  template = -1;
  /** Chunk offset of the record, named when no template is being expanded. */
  record = 0;

  reset(recordOffset: number): void {
    this.nodes = 0;
    this.fields = 0;
    this.chars = 0;
    this.template = -1;
    this.record = recordOffset;
  }

  spendNodes(n: number): void {
    this.nodes += n;
    if (this.nodes > MAX_RECORD_NODES) this.fail('nodes', MAX_RECORD_NODES, 'expanded nodes');
  }

  spendField(chars: number): void {
    if (++this.fields > MAX_RECORD_FIELDS) this.fail('fields', MAX_RECORD_FIELDS, 'fields');
    this.spendChars(chars);
  }

  spendChars(n: number): void {
    this.chars += n;
    if (this.chars > MAX_RECORD_OUTPUT_CHARS)
      this.fail('chars', MAX_RECORD_OUTPUT_CHARS, 'output characters');
  }

  private fail(what: string, max: number, unit: string): never {
    const named = this.template >= 0;
    throw new BinXmlError(
      named ? `template.expansion.${what}` : `record.expansion.${what}`,
      named ? this.template : this.record,
      `<= ${max} ${unit} per record`,
      named ? `more while expanding the template at chunk offset 0x${this.template.toString(16)}` : 'more',
    );
  }
}
