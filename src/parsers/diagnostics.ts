// The one diagnostics reporter of the parsers: builds the Diagnostic objects of types.ts (severity,
// file, absolute offset, field, expected, found, message) for one file, optionally capped, and
// the shared shape of a problem a structure reader returns before it knows the file or the
// structure's place in it.
import type { Diagnostic, ParseContext } from './types';

export type Severity = Diagnostic['severity'];

/** A problem found by a structure reader; `offset` is relative to that structure. */
export interface Problem {
  offset: number;
  field: string;
  expected: string;
  found: string;
}

/** Reports the diagnostics of one file into a list; after `limit` reports the rest are counted only. */
export class DiagnosticSink {
  private reported = 0;
  /** Dropped before reaching this sink (by an earlier, capped sink whose findings are merged here). */
  private droppedElsewhere = 0;

  constructor(
    /** Display name of the file, the `file` of every Diagnostic. */
    readonly file: string,
    readonly out: Diagnostic[],
    readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  /** A sink into the context's list, for its file. */
  static of(ctx: ParseContext, limit?: number): DiagnosticSink {
    return new DiagnosticSink(ctx.fileName, ctx.diagnostics, limit);
  }

  /** Reports beyond the limit, not kept. */
  get dropped(): number {
    return Math.max(0, this.reported - this.limit) + this.droppedElsewhere;
  }

  /** Keeps an already built diagnostic (a merge of capped lists), counted against the limit. */
  add(d: Diagnostic): void {
    if (this.reported++ >= this.limit) return;
    this.out.push(d);
  }

  /** Counts `n` diagnostics an earlier sink dropped, so the closing warning includes them. */
  countDropped(n: number): void {
    this.droppedElsewhere += n;
  }

  /** `offset` is absolute in the file, -1 when the problem has no one place. */
  report(
    severity: Severity,
    offset: number,
    field: string,
    expected: string,
    found: string,
    message = '',
  ): void {
    if (this.reported++ >= this.limit) return;
    this.out.push({ severity, file: this.file, offset, field, expected, found, message });
  }

  /** Closes a capped report with one warning that says how many were dropped (nothing when none was). */
  reportDropped(field: string): void {
    const n = this.dropped;
    if (n === 0) return;
    this.out.push({
      severity: 'warning',
      file: this.file,
      offset: -1,
      field,
      expected: `at most ${this.limit} diagnostics`,
      found: `${n} more`,
      message: 'further diagnostics dropped',
    });
  }
}

/**
 * Errors the JavaScript engine throws when a limit of its own is hit, keyed by what its message
 * says, each told in our words. The engine's text itself never reaches a diagnostic or a reason.
 */
const ENGINE_LIMITS: [RegExp, string][] = [
  [/call stack|too much recursion/i, 'the data nests deeper than the parser can follow'],
  [/string length|string too long/i, 'a text value is longer than the longest text one file may hold'],
  [
    /allocation failed|out of memory|array buffer length|typed array length/i,
    'the record needs more memory than one file may use',
  ],
  [/too many properties/i, 'a record has more fields than one record may hold'],
  [/array length/i, 'a list is longer than one file may hold'],
];

/** Engine error kinds that are limits (RangeError; InternalError in Firefox: "too much recursion"). */
const ENGINE_LIMIT_NAMES = new Set(['RangeError', 'InternalError']);
/** Engine error kinds that mean a parser bug, never bad data. */
const ENGINE_BUG_NAMES = new Set(['TypeError', 'ReferenceError', 'SyntaxError', 'URIError', 'EvalError']);

/**
 * What went wrong, in our words, when `e` is an error of the JavaScript engine (a RangeError such as
 * "Invalid string length", an out-of-memory error, a TypeError from a parser bug); '' for any other
 * error (ours carry their own message).
 */
export function engineErrorText(e: unknown): string {
  if (!(e instanceof Error)) return '';
  const message = e.message ?? '';
  const isLimit =
    ENGINE_LIMIT_NAMES.has(e.name) || /out of memory|allocation failed|too many properties/i.test(message);
  if (isLimit) {
    for (const [pattern, text] of ENGINE_LIMITS) if (pattern.test(message)) return text;
    return 'a value is larger than the parser can hold';
  }
  if (ENGINE_BUG_NAMES.has(e.name))
    return `the parser failed on this data (an internal ${e.name}; please report it)`;
  return '';
}
