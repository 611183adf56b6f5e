// Free-text search over the columnar events table, in resumable steps.
// Phase 1 flags every distinct string of the string table that contains the query
// (case-insensitive substring): strings are joined in chunks with a newline and the chunk is
// scanned by one global regular expression, each match mapped back to its string by binary search
// (one regex scan over a chunk is far cheaper than a test per string). Phase 2 walks candidate
// rows and keeps those whose summary, label, source, computer or any field value is a flagged
// string (or whose event id equals a numeric query). Each `step` does a bounded amount of work so a
// caller can yield between steps and show results as they stream in.
import type { EventsTable, IndexIntoEventsTable } from '../model/events-table';
import { escapeRegExp } from './timeline';

/** Kept for callers that pass it; strings are now tested lazily per row. */
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
  /** 1 where the string contains the query. */
  private readonly flags: Uint8Array;
  private readonly re: RegExp;
  /** Global form of `re` for scanning joined chunks; null when the query holds a newline. */
  private readonly scan: RegExp | null;
  private readonly idQuery: number;
  private stringsDone = 0;
  private rowsDone = 0;
  private found: Uint32Array;
  private foundLength = 0;

  constructor(
    private readonly table: EventsTable,
    private readonly candidates: Uint32Array,
    query: string,
    /** Joined string chunks kept between searches (same strings array); optional. */
    private readonly joined: JoinedStrings | null = null,
  ) {
    const q = query.trim();
    this.re = new RegExp(escapeRegExp(q), 'i');
    this.scan = q.includes('\n') ? null : new RegExp(escapeRegExp(q), 'gi');
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
    if (this.stringsDone < this.flags.length) {
      const joined = this.joined?.strings === this.table.strings && this.scan ? this.joined : null;
      if (joined) {
        const c = Math.floor(this.stringsDone / JOIN_CHUNK);
        const end = Math.min(this.flags.length, (c + 1) * JOIN_CHUNK);
        const chunk = joined.chunk(c, end);
        this.flagChunk(chunk.text, chunk.starts, c * JOIN_CHUNK, end);
        this.stringsDone = end;
        return this.done;
      }
      const end = Math.min(this.flags.length, this.stringsDone + stringsPerStep);
      this.flagStrings(this.stringsDone, end);
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

  /** Flags strings [from, to) that contain the query. */
  private flagStrings(from: number, to: number): void {
    const strings = this.table.strings;
    const flags = this.flags;
    const scan = this.scan;
    if (!scan) {
      for (let i = from; i < to; i++) if (this.re.test(strings[i])) flags[i] = 1;
      return;
    }
    const { text, starts } = joinStrings(strings, from, to);
    this.flagChunk(text, starts, from, to);
  }

  /** Flags strings [from, to) joined in `text`; `starts[i]` is where string from + i begins. */
  private flagChunk(text: string, starts: ArrayLike<number>, from: number, to: number): void {
    const scan = this.scan;
    if (!scan) return;
    const flags = this.flags;
    const n = to - from;
    const inChunk = starts.length - 1;
    scan.lastIndex = 0;
    for (let m = scan.exec(text); m !== null; m = scan.exec(text)) {
      let lo = 0;
      let hi = inChunk - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (starts[mid] <= m.index) lo = mid;
        else hi = mid - 1;
      }
      if (lo >= n) break;
      flags[from + lo] = 1;
      if (lo + 1 >= n) break;
      scan.lastIndex = starts[lo + 1];
    }
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

/** Strings per joined chunk of JoinedStrings. */
export const JOIN_CHUNK = 20_000;

/** strings[from, to) joined with newlines, and where each begins in the text. */
export function joinStrings(
  strings: readonly string[],
  from: number,
  to: number,
): { text: string; starts: Float64Array } {
  const n = Math.max(0, to - from);
  const starts = new Float64Array(n + 1);
  const parts: string[] = new Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const s = strings[from + i];
    parts[i] = s;
    starts[i] = at;
    at += s.length + 1;
  }
  starts[n] = at;
  return { text: parts.join('\n'), starts };
}

/**
 * The string table joined in chunks of JOIN_CHUNK strings, built on first use and kept, so a
 * later search over the same (append-only) strings array only runs the regular expression:
 * joining millions of strings costs far more than scanning the joined text. A chunk that was
 * built while the table was shorter is rebuilt when more of its strings exist.
 */
export class JoinedStrings {
  private readonly chunks: { count: number; text: string; starts: Float64Array }[] = [];
  /** First chunk that is not complete. */
  private warmFrom = 0;

  constructor(readonly strings: readonly string[]) {}

  /**
   * Builds missing or partial chunks for about `budgetMs` (clock `now`, ms); true when every
   * chunk covers the strings that exist now. Lets a worker prepare searches while it is idle.
   */
  warm(budgetMs: number, now: () => number): boolean {
    const t0 = now();
    const n = this.strings.length;
    const count = Math.ceil(n / JOIN_CHUNK);
    for (let c = this.warmFrom; c < count; c++) {
      const end = Math.min(n, (c + 1) * JOIN_CHUNK);
      this.chunk(c, end);
      if (end - c * JOIN_CHUNK === JOIN_CHUNK) this.warmFrom = c + 1;
      if (c + 1 < count && now() - t0 > budgetMs) return false;
    }
    return true;
  }

  /** Chunk `c`, covering strings [c * JOIN_CHUNK, end). */
  chunk(c: number, end: number): { text: string; starts: Float64Array } {
    const from = c * JOIN_CHUNK;
    const hit = this.chunks[c];
    if (hit && hit.count >= end - from) return hit;
    const j = joinStrings(this.strings, from, end);
    const entry = { count: end - from, ...j };
    this.chunks[c] = entry;
    return entry;
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
