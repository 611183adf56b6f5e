// Free-text search over the columnar events table, in resumable steps. Phase 0 gives the first
// screen early: the first candidate rows are tested string by string (each distinct string at most
// once, memoised in the flags) until HEAD_MATCHES rows match or HEAD_ROWS rows were tested, so
// results do not wait for the whole string table. Phase 1 flags every distinct string of the string
// table that contains the query (case-insensitive substring): strings are joined in chunks with a
// newline and the chunk is scanned by one global regular expression, each match mapped back to its
// string by binary search (one regex scan over a chunk is far cheaper than a test per string).
// Phase 2 walks candidate rows and keeps those whose summary, label, source, computer or any field
// value is a flagged string (or whose event id equals a numeric query); a long candidate list (≥
// 1/4 of the table) is tested in row order first (sequential reads), then walked in candidate
// order. Each `step` does a bounded amount of work so a caller can yield between steps and show
// results as they stream in.
import type { EventsTable, IndexIntoEventsTable } from '../model/events-table';
import { escapeRegExp } from './timeline';

/** Strings flagged per step in phase 1 when no joined chunks are available. */
export const STRINGS_PER_STEP = 50_000;
/** Rows tested per step in phase 2. */
export const ROWS_PER_STEP = 50_000;
/** Phase 0 ends after this many matching rows … */
export const HEAD_MATCHES = 200;
/** … or after this many candidate rows. */
export const HEAD_ROWS = 20_000;
/** Candidate rows tested per phase-0 step. */
const HEAD_ROWS_PER_STEP = 2_000;
/**
 * Phase 2 tests the rows in row order (then walks the candidates) when the candidates are at
 * least 1 / ROW_ORDER_SHARE of the table: reading the columns in order is far faster than in
 * time order, which jumps around the table.
 */
const ROW_ORDER_SHARE = 4;
/** Rows tested per row-order step, as a multiple of the caller's rows per step. */
const ROW_ORDER_FACTOR = 4;
/** Flag values: the string contains the query / was tested and does not. */
const HIT = 1;
const MISS = 2;

export interface SearchProgress {
  /** Matching rows found so far, in candidate order. */
  rows: Uint32Array;
  /** Candidate rows examined so far. */
  scanned: number;
  total: number;
  done: boolean;
}

export class TableSearch {
  /** HIT where the string contains the query (MISS: tested in phase 0, does not; 0: unknown). */
  private readonly flags: Uint8Array;
  /** Phase 0 is over. */
  private headOver = false;
  /**
   * Phase 2 for long candidate lists: 1 per matching row, filled in row order (sequential reads)
   * before the candidates are walked; null when candidates are tested one by one.
   */
  private rowHits: Uint8Array | null = null;
  private rowHitsDone = 0;
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
    if (candidates.length * ROW_ORDER_SHARE >= table.length) this.rowHits = new Uint8Array(table.length);
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
    if (!this.headOver) {
      this.headStep(Math.min(HEAD_ROWS_PER_STEP, rowsPerStep));
      return this.done;
    }
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
    if (this.rowHits && this.rowHitsDone < this.table.length) {
      const to = Math.min(this.table.length, this.rowHitsDone + rowsPerStep * ROW_ORDER_FACTOR);
      for (let r = this.rowHitsDone; r < to; r++) if (this.rowHit(r)) this.rowHits[r] = 1;
      this.rowHitsDone = to;
      return this.done;
    }
    const end = Math.min(this.candidates.length, this.rowsDone + rowsPerStep);
    const { candidates, rowHits } = this;
    if (rowHits) {
      for (let p = this.rowsDone; p < end; p++) if (rowHits[candidates[p]] === 1) this.push(candidates[p]);
      this.rowsDone = end;
      return this.done;
    }
    for (let p = this.rowsDone; p < end; p++) {
      const r = candidates[p];
      if (this.rowHit(r)) this.push(r);
    }
    this.rowsDone = end;
    return this.done;
  }

  /** Row r holds a flagged string (or the queried event id); phase 1 must be complete. */
  private rowHit(r: number): boolean {
    const t = this.table;
    const { flags, idQuery } = this;
    if (
      flags[t.summary[r]] === HIT ||
      flags[t.label[r]] === HIT ||
      flags[t.source[r]] === HIT ||
      flags[t.computer[r]] === HIT ||
      (idQuery >= 0 && t.eventId[r] === idQuery)
    )
      return true;
    const e = t.fieldStart[r] + t.fieldCount[r];
    for (let k = t.fieldStart[r]; k < e; k++) {
      const v = t.fieldValue[k];
      if (v < flags.length && flags[v] === HIT) return true;
    }
    return false;
  }

  /** Phase 0: tests the next candidate rows, testing each unknown string once. */
  private headStep(rowsPerStep: number): void {
    const t = this.table;
    const { flags, candidates, idQuery, re } = this;
    const strings = t.strings;
    const test = (s: number): boolean => {
      if (s >= flags.length) return false;
      let f = flags[s];
      if (f === 0) {
        f = re.test(strings[s]) ? HIT : MISS;
        flags[s] = f;
      }
      return f === HIT;
    };
    const end = Math.min(candidates.length, this.rowsDone + Math.max(1, rowsPerStep), HEAD_ROWS);
    let p = this.rowsDone;
    for (; p < end && this.foundLength < HEAD_MATCHES; p++) {
      const r = candidates[p];
      let hit =
        (idQuery >= 0 && t.eventId[r] === idQuery) ||
        test(t.summary[r]) ||
        test(t.label[r]) ||
        test(t.source[r]) ||
        test(t.computer[r]);
      if (!hit) {
        const e = t.fieldStart[r] + t.fieldCount[r];
        for (let k = t.fieldStart[r]; k < e; k++) {
          if (test(t.fieldValue[k])) {
            hit = true;
            break;
          }
        }
      }
      if (hit) this.push(r);
    }
    this.rowsDone = p;
    if (p >= candidates.length) this.stringsDone = flags.length;
    if (p >= candidates.length || p >= HEAD_ROWS || this.foundLength >= HEAD_MATCHES) this.headOver = true;
  }

  /** Flags strings [from, to) that contain the query. */
  private flagStrings(from: number, to: number): void {
    const strings = this.table.strings;
    const flags = this.flags;
    const scan = this.scan;
    if (!scan) {
      for (let i = from; i < to; i++)
        if (flags[i] !== HIT && flags[i] !== MISS) flags[i] = this.re.test(strings[i]) ? HIT : MISS;
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
      flags[from + lo] = HIT;
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
