// Free-text search over the columnar events table, in resumable steps. A string matches when it
// contains the query (case-insensitive substring); strings are tested by joining them with a
// newline and scanning the text with one global regular expression, each match mapped back to its
// string by binary search (far cheaper than a test per string), and the result is memoised per
// string id (flags, plus a bitset for the row tests).
// Phase 0 gives the first screen early: the strings of the first candidate rows are tested until
// HEAD_MATCHES rows match or HEAD_ROWS rows were tested.
// A long candidate list (≥ 1/4 of the table) is then tested in row order (sequential reads), with
// the string table flagged chunk by chunk as the rows reach strings not yet tested: a table
// appends strings as it appends rows, so the first rows' matches show before the last strings
// are tested. With the candidates' order as ranks (the worker's time index), the matches found so
// far are shown in candidate order while the pass runs; at its end the candidates are walked.
// A short candidate list has every string flagged first, then its rows tested one by one.
// A row matches when its summary, label, source, computer or any field value is a flagged string,
// or its event id equals a numeric query. Each `step` does a bounded amount of work so a caller
// can yield between steps and show results as they stream in.
import type { EventsTable, IndexIntoEventsTable } from '../model/events-table';
import { escapeRegExp } from './timeline';

/** Strings flagged per step in phase 1 when no joined chunks are available. */
export const STRINGS_PER_STEP = 50_000;
/** Rows tested per step in phase 2. */
export const ROWS_PER_STEP = 50_000;
/** Phase 0 ends after this many matching rows … */
export const HEAD_MATCHES = 200;
/** … or after this many candidate rows. */
export const HEAD_ROWS = 2_000;
/** Candidate rows tested per phase-0 step. */
const HEAD_ROWS_PER_STEP = 2_000;
/**
 * Phase 2 tests the rows in row order (then walks the candidates) when the candidates are at
 * least 1 / ROW_ORDER_SHARE of the table: reading the columns in order is far faster than in
 * time order, which jumps around the table.
 */
const ROW_ORDER_SHARE = 4;

/** Whether a search over `candidates` of a table of `rows` rows tests the rows in row order. */
export function usesRowOrder(candidates: number, rows: number): boolean {
  return candidates * ROW_ORDER_SHARE >= rows;
}
/** Rows tested per row-order step, as a multiple of the caller's rows per step. */
const ROW_ORDER_FACTOR = 4;
/** Flag values: the string contains the query / was tested and does not / is being tested. */
const HIT = 1;
const MISS = 2;
const PENDING = 3;

/**
 * The order the candidates follow, as positions: candidate order is ascending `rank[row]`, and
 * `order[position]` is the row at a position (the time index's order and its inverse).
 */
export interface CandidateRanks {
  rank: Uint32Array;
  order: Uint32Array;
}

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
  /** One bit per string id, set for HIT (what phase 2 reads: 1 MiB per 8M strings stays in cache). */
  private readonly bits: Int32Array;
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
  /** Ranks of the rows the row-order pass matched so far (with `ranks` only). */
  private hitRanks: Uint32Array | null = null;
  private hitCount = 0;
  /** 1 per candidate row, when the candidates are not every row (with `ranks` only). */
  private member: Uint8Array | null = null;
  /** Candidates phase 0 tested, and the matches it found (the start of `found`). */
  private headEnd = 0;
  private headFound = 0;
  /** The partial list last built from `hitRanks` and how many hits it held. */
  private partial: { count: number; rows: Uint32Array } | null = null;

  constructor(
    private readonly table: EventsTable,
    private readonly candidates: Uint32Array,
    query: string,
    /** Joined string chunks kept between searches (same strings array); optional. */
    private readonly joined: JoinedStrings | null = null,
    /** Candidate order as ranks (distinct candidates); lets the row-order pass stream results. */
    private readonly ranks: CandidateRanks | null = null,
  ) {
    const q = query.trim();
    this.re = new RegExp(escapeRegExp(q), 'i');
    this.scan = q.includes('\n') ? null : new RegExp(escapeRegExp(q), 'gi');
    this.idQuery = /^\d+$/.test(q) ? Number(q) : -1;
    this.flags = new Uint8Array(table.strings.length);
    this.bits = new Int32Array((table.strings.length >>> 5) + 1);
    if (usesRowOrder(candidates.length, table.length)) {
      this.rowHits = new Uint8Array(table.length);
      if (ranks) this.hitRanks = new Uint32Array(1024);
    }
    this.found = new Uint32Array(Math.min(candidates.length, 1024));
  }

  get done(): boolean {
    return this.rowsDone >= this.candidates.length && this.stringsDone >= this.flags.length;
  }

  progress(): SearchProgress {
    const streaming =
      this.hitRanks !== null && this.rowHitsDone > 0 && this.rowsDone < this.candidates.length;
    // The row-order pass counts as the share of the rows after phase 0's that it has tested.
    const { rowsDone, candidates, rowHits } = this;
    const pass = rowHits && rowsDone < candidates.length ? this.rowHitsDone / rowHits.length : 0;
    return {
      rows: streaming ? this.partialRows() : this.found.subarray(0, this.foundLength),
      scanned: rowsDone + Math.floor((candidates.length - rowsDone) * pass),
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
    const { rowHits } = this;
    if (rowHits && this.rowHitsDone < this.table.length) {
      // Row-order pass: strings are flagged as the rows need them (a table appends its strings as
      // it appends rows, so the first rows need only the first strings, and their matches show
      // before the string table is scanned to the end).
      const to = Math.min(this.table.length, this.rowHitsDone + rowsPerStep * ROW_ORDER_FACTOR);
      const { ranks } = this;
      if (ranks && !this.member && this.rowHitsDone === 0 && this.candidates.length < this.table.length) {
        this.member = new Uint8Array(this.table.length);
        for (let p = 0; p < this.candidates.length; p++) this.member[this.candidates[p]] = 1;
      }
      const member = this.member;
      const n = this.flags.length;
      const hits = markRows(
        this.table,
        this.bits,
        this.stringsDone,
        n,
        this.idQuery,
        this.rowHitsDone,
        to,
        rowHits,
      );
      if (ranks)
        for (let i = 0; i < hits.length; i++) {
          const r = hits[i];
          if (!member || member[r] === 1) this.pushRank(ranks.rank[r]);
        }
      this.rowHitsDone = markStop;
      if (markStop < to) {
        // Row markStop holds string markNeed, not yet flagged: flag towards it (one chunk a step).
        if (this.stringsDone <= markNeed) this.flagNext(stringsPerStep);
      } else if (to === this.table.length) this.stringsDone = n;
      return this.done;
    }
    if (this.stringsDone < this.flags.length) {
      this.flagNext(stringsPerStep);
      return this.done;
    }
    const end = Math.min(this.candidates.length, this.rowsDone + rowsPerStep);
    const { candidates } = this;
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

  /** Phase 1: flags the next strings (one joined chunk, or `stringsPerStep` one by one). */
  private flagNext(stringsPerStep: number): void {
    const joined = this.joined?.strings === this.table.strings && this.scan ? this.joined : null;
    if (joined) {
      const c = Math.floor(this.stringsDone / JOIN_CHUNK);
      const end = Math.min(this.flags.length, (c + 1) * JOIN_CHUNK);
      const chunk = joined.chunk(c, end);
      const from = c * JOIN_CHUNK;
      this.flagChunk(chunk.text, chunk.starts, end - from, (i) => from + i);
      this.stringsDone = end;
      return;
    }
    const end = Math.min(this.flags.length, this.stringsDone + stringsPerStep);
    this.flagStrings(this.stringsDone, end);
    this.stringsDone = end;
  }

  /** Row r holds a flagged string (or the queried event id); its strings must be flagged. */
  private rowHit(r: number): boolean {
    const n = this.flags.length;
    return markRows(this.table, this.bits, n, n, this.idQuery, r, r + 1, null).length === 1;
  }

  private setHit(s: number): void {
    this.flags[s] = HIT;
    this.bits[s >>> 5] |= 1 << (s & 31);
  }

  private pushRank(rank: number): void {
    let a = this.hitRanks as Uint32Array;
    if (this.hitCount >= a.length) {
      const bigger = new Uint32Array(a.length * 2);
      bigger.set(a);
      a = bigger;
      this.hitRanks = a;
    }
    a[this.hitCount++] = rank;
  }

  /**
   * The matches so far in candidate order: phase 0's, then those the row-order pass found after
   * phase 0's candidates, from the ranks sorted when they are few, else from the candidates
   * walked against the row hits.
   */
  private partialRows(): Uint32Array {
    const count = this.hitCount;
    if (this.partial?.count === count) return this.partial.rows;
    const { order, rank } = this.ranks as CandidateRanks;
    const { candidates, headEnd, headFound } = this;
    const rows = new Uint32Array(headFound + count);
    rows.set(this.found.subarray(0, headFound));
    let k = headFound;
    if (count * Math.log2(count + 2) < candidates.length) {
      const after = headEnd > 0 ? rank[candidates[headEnd - 1]] : -1;
      const sorted = (this.hitRanks as Uint32Array).slice(0, count).sort();
      for (let i = 0; i < count; i++) if (sorted[i] > after) rows[k++] = order[sorted[i]];
    } else {
      const hits = this.rowHits as Uint8Array;
      for (let p = headEnd; p < candidates.length && k < rows.length; p++)
        if (hits[candidates[p]] === 1) rows[k++] = candidates[p];
    }
    const out = rows.subarray(0, k);
    this.partial = { count, rows: out };
    return out;
  }

  /**
   * Phase 0: tests the next candidate rows. Their strings not yet tested are collected (each once)
   * and tested together in one joined scan, far cheaper than a regular expression call each.
   */
  private headStep(rowsPerStep: number): void {
    const t = this.table;
    const { flags, candidates } = this;
    const n = flags.length;
    const end = Math.min(candidates.length, this.rowsDone + Math.max(1, rowsPerStep), HEAD_ROWS);
    const ids: number[] = [];
    const note = (s: number) => {
      if (s < n && flags[s] === 0) {
        flags[s] = PENDING;
        ids.push(s);
      }
    };
    for (let p = this.rowsDone; p < end; p++) {
      const r = candidates[p];
      note(t.summary[r]);
      note(t.label[r]);
      note(t.source[r]);
      note(t.computer[r]);
      const e = t.fieldStart[r] + t.fieldCount[r];
      for (let k = t.fieldStart[r]; k < e; k++) note(t.fieldValue[k]);
    }
    this.flagIds(ids);
    let p = this.rowsDone;
    for (; p < end && this.foundLength < HEAD_MATCHES; p++)
      if (this.rowHit(candidates[p])) this.push(candidates[p]);
    this.rowsDone = p;
    if (p >= candidates.length) this.stringsDone = flags.length;
    if (p >= candidates.length || p >= HEAD_ROWS || this.foundLength >= HEAD_MATCHES) {
      this.headOver = true;
      this.headEnd = p;
      this.headFound = this.foundLength;
    }
  }

  /** Flags the strings `ids` (untested until now) HIT or MISS. */
  private flagIds(ids: readonly number[]): void {
    const { flags, scan } = this;
    const strings = this.table.strings;
    if (!scan) {
      for (const s of ids) {
        if (this.re.test(strings[s])) this.setHit(s);
        else flags[s] = MISS;
      }
      return;
    }
    const starts = new Float64Array(ids.length + 1);
    const parts: string[] = new Array(ids.length);
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      const s = ids[i];
      flags[s] = MISS;
      parts[i] = strings[s];
      starts[i] = at;
      at += parts[i].length + 1;
    }
    starts[ids.length] = at;
    this.flagChunk(parts.join('\n'), starts, ids.length, (i) => ids[i]);
  }

  /** Flags strings [from, to) that contain the query. */
  private flagStrings(from: number, to: number): void {
    const strings = this.table.strings;
    const flags = this.flags;
    const scan = this.scan;
    if (!scan) {
      for (let i = from; i < to; i++)
        if (flags[i] !== HIT && flags[i] !== MISS) {
          if (this.re.test(strings[i])) this.setHit(i);
          else flags[i] = MISS;
        }
      return;
    }
    const { text, starts } = joinStrings(strings, from, to);
    this.flagChunk(text, starts, to - from, (i) => from + i);
  }

  /** Flags the n strings joined in `text` that contain the query: string i begins at `starts[i]` and has id `id(i)`. */
  private flagChunk(text: string, starts: ArrayLike<number>, n: number, id: (i: number) => number): void {
    const scan = this.scan;
    if (!scan) return;
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
      this.setHit(id(lo));
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

/** Reused output of markRows. */
let marked = new Uint32Array(4096);
/** Where the last markRows stopped (its `to` unless a row held an undecided string) … */
let markStop = 0;
/** … and that string's id. */
let markNeed = 0;

/**
 * The rows in [from, to) whose summary, label, source, computer or a field value has its bit set
 * in `bits`, or whose event id is `idQuery`; sets their `rowHits` entry. String ids below `known`
 * are decided; ids from `known` up to `n` are not yet, and the pass stops before the first row
 * holding one (markStop, markNeed); ids from `n` on match nothing. Returns the rows in a buffer
 * reused by the next call. One tight loop over local columns: phase 2 reads every field of the
 * table through it.
 */
function markRows(
  t: EventsTable,
  bits: Int32Array,
  known: number,
  n: number,
  idQuery: number,
  from: number,
  to: number,
  rowHits: Uint8Array | null,
): Uint32Array {
  const { summary, label, source, computer, eventId, fieldStart, fieldCount, fieldValue } = t;
  let out = marked;
  let k = 0;
  markStop = to;
  for (let r = from; r < to; r++) {
    // One undecided string stops the pass before this row.
    let undecided = -1;
    let v = summary[r];
    if (v >= known && v < n) undecided = v;
    let hit = v < known && (bits[v >>> 5] & (1 << (v & 31))) !== 0;
    if (!hit) {
      v = label[r];
      if (v >= known && v < n) undecided = v;
      hit = v < known && (bits[v >>> 5] & (1 << (v & 31))) !== 0;
    }
    if (!hit) {
      v = source[r];
      if (v >= known && v < n) undecided = v;
      hit = v < known && (bits[v >>> 5] & (1 << (v & 31))) !== 0;
    }
    if (!hit) {
      v = computer[r];
      if (v >= known && v < n) undecided = v;
      hit = v < known && (bits[v >>> 5] & (1 << (v & 31))) !== 0;
    }
    if (!hit) hit = idQuery >= 0 && eventId[r] === idQuery;
    if (!hit) {
      const e = fieldStart[r] + fieldCount[r];
      for (let f = fieldStart[r]; f < e; f++) {
        v = fieldValue[f];
        if (v < known) {
          if ((bits[v >>> 5] & (1 << (v & 31))) !== 0) {
            hit = true;
            break;
          }
        } else if (v < n) undecided = v;
      }
    }
    if (!hit && undecided >= 0) {
      markStop = r;
      markNeed = undecided;
      break;
    }
    if (!hit) continue;
    if (rowHits) rowHits[r] = 1;
    if (k >= out.length) {
      const bigger = new Uint32Array(out.length * 2);
      bigger.set(out);
      out = bigger;
      marked = out;
    }
    out[k++] = r;
  }
  return out.subarray(0, k);
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
