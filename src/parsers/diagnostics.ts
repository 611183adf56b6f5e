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
    return Math.max(0, this.reported - this.limit);
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
