// Free-text search over the columnar events table, in resumable steps.
// Phase 1 tests every distinct string of the string table once (case-insensitive substring);
// phase 2 walks candidate rows and keeps those whose summary, label, source, computer or any field
// value is a matched string (or whose event id equals a numeric query). Each `step` does a bounded
// amount of work so a caller can yield between steps and show results as they stream in.
import type { EventsTable, IndexIntoEventsTable } from '../model/events-table';
import { escapeRegExp } from './timeline';

/** Strings tested per step in phase 1. */
export const STRINGS_PER_STEP = 50_000;
/** Rows tested per step in phase 2. */
export const ROWS_PER_STEP = 50_000;

export interface SearchProgress {
  /** Matching rows found so far, in candidate order. */
  rows: Uint32Array;
  /** Candidate rows examined so far. */
  scanned: number;
  total: number;
  done: boolean;
}

export class TableSearch {
  private readonly flags: Uint8Array;
  private readonly re: RegExp;
  private readonly idQuery: number;
  private stringsDone = 0;
  private rowsDone = 0;
  private found: Uint32Array;
  private foundLength = 0;

  constructor(
    private readonly table: EventsTable,
    private readonly candidates: Uint32Array,
    query: string,
  ) {
    const q = query.trim();
    this.re = new RegExp(escapeRegExp(q), 'i');
    this.idQuery = /^\d+$/.test(q) ? Number(q) : -1;
    this.flags = new Uint8Array(table.strings.length);
    this.found = new Uint32Array(Math.min(candidates.length, 1024));
  }

  get done(): boolean {
    return this.rowsDone >= this.candidates.length && this.stringsDone >= this.flags.length;
  }

  progress(): SearchProgress {
    return {
      rows: this.found.subarray(0, this.foundLength),
      scanned: this.rowsDone,
      total: this.candidates.length,
      done: this.done,
    };
  }

  /** Does up to one step of work; returns true when the search is complete. */
  step(stringsPerStep = STRINGS_PER_STEP, rowsPerStep = ROWS_PER_STEP): boolean {
    const strings = this.table.strings;
    if (this.stringsDone < this.flags.length) {
      const end = Math.min(this.flags.length, this.stringsDone + stringsPerStep);
      const re = this.re;
      const flags = this.flags;
      for (let i = this.stringsDone; i < end; i++) if (re.test(strings[i])) flags[i] = 1;
      this.stringsDone = end;
      return this.done;
    }
    const t = this.table;
    const end = Math.min(this.candidates.length, this.rowsDone + rowsPerStep);
    const { flags, candidates, idQuery } = this;
    for (let p = this.rowsDone; p < end; p++) {
      const r = candidates[p];
      let hit =
        flags[t.summary[r]] === 1 ||
        flags[t.label[r]] === 1 ||
        flags[t.source[r]] === 1 ||
        flags[t.computer[r]] === 1 ||
        (idQuery >= 0 && t.eventId[r] === idQuery);
      if (!hit) {
        const e = t.fieldStart[r] + t.fieldCount[r];
        for (let k = t.fieldStart[r]; k < e; k++) {
          const v = t.fieldValue[k];
          if (v < flags.length && flags[v] === 1) {
            hit = true;
            break;
          }
        }
      }
      if (hit) this.push(r);
    }
    this.rowsDone = end;
    return this.done;
  }

  private push(r: IndexIntoEventsTable): void {
    if (this.foundLength >= this.found.length) {
      const bigger = new Uint32Array(Math.min(this.candidates.length, Math.max(1024, this.found.length * 2)));
      bigger.set(this.found);
      this.found = bigger;
    }
    this.found[this.foundLength++] = r;
  }
}

/** Runs a search to completion synchronously (CLI, tests). */
export function searchRows(table: EventsTable, candidates: Uint32Array, query: string): Uint32Array {
  if (!query.trim()) return candidates.slice();
  const s = new TableSearch(table, candidates, query);
  while (!s.step()) {
    /* each step advances stringsDone or rowsDone */
  }
  return s.progress().rows.slice();
}
