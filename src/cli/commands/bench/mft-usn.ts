// `tracelens bench mft|usn [--mft-mb N] [--usn-gb N] [--keep]`:
//   mft  assembles a large $MFT (default 256 MiB) by repeating the records of a real sample with
//        renumbered entries and parent references (fixups re-applied so every record stays
//        valid), writes it to a temp file, and parses it from disk with full paths: MB/s,
//        entries/s, and peak RSS / heap.
//   usn  makes a sparse $J on disk (ftruncate to N GiB, default 10, then real records written at
//        the end), and walks it: MB/s through the zeros, next to a plain read of the same file
//        with the same read size (the disk-read speed the parser should match).
// There is no Debian reference tool for a standalone $MFT or $J (sleuthkit needs a volume), so no
// tool figure is printed beside ours.
import { u32le } from '../../../parsers/bytes/le';
import { closeSync, ftruncateSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { openFileSource } from '../../node-source';
import { readFileRecordHeader } from '../../../parsers/mft/file-record';
import { applyFixups, protectFixups } from '../../../parsers/mft/fixup';
import { mftParser } from '../../../parsers/mft/index';
import type { Diagnostic } from '../../../parsers/types';
import { usnParser } from '../../../parsers/usn/index';
import { writeNumberedUsn } from '../../../writers/usn/write-usn';

const SAMPLES = resolve(process.cwd(), '..', 'shared', 'samples');
const MFT_SAMPLE = join(SAMPLES, 'mft', 'ez-NIST-DFR-16__MFT.mft');
const USN_SAMPLE = join(SAMPLES, 'usn', 'museum-Win10-APTSimulatorVM__UsnJrnl_J.bin.gz');
const FIRST_USER_ENTRY = 16;

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) return fallback;
  const v = Number(args[i + 1]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

const mbps = (bytes: number, ms: number) => (bytes / 1048576 / (ms / 1000)).toFixed(0);
const perSec = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
const mib = (n: number) => (n / 1048576).toFixed(0);

function setU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * Copy of `block` (whole records) moved by `shift` entries: stored entry numbers, base references
 * and $FILE_NAME parent references of user entries (>= 16) are shifted; system records are dropped
 * (zeroed) so the volume keeps one root. Fixups are undone, edited, and protected again.
 */
export function shiftedBlock(block: Uint8Array, rs: number, shift: number): Uint8Array {
  const out = new Uint8Array(block.length);
  const rec = new Uint8Array(rs);
  for (let i = 0; i * rs < block.length; i++) {
    if (i < FIRST_USER_ENTRY) continue;
    rec.set(block.subarray(i * rs, (i + 1) * rs));
    if (u32le(rec, 0) !== 0x454c4946) continue;
    const h = readFileRecordHeader(rec);
    if (applyFixups(rec, h.usaOffset, h.usaCount)) continue;
    if (h.storedEntry >= 0) setU32(rec, 0x2c, i + shift);
    if (h.baseEntry >= FIRST_USER_ENTRY) setU32(rec, 0x20, h.baseEntry + shift);
    let o = h.firstAttributeOffset;
    while (o + 8 <= Math.min(h.usedSize, rs)) {
      const type = u32le(rec, o);
      const len = u32le(rec, o + 4);
      if (type === 0xffffffff || len < 0x18 || o + len > rs) break;
      if (type === 0x30 && rec[o + 8] === 0) {
        const v = o + (rec[o + 0x14] | (rec[o + 0x15] << 8));
        const parent = u32le(rec, v);
        if (parent >= FIRST_USER_ENTRY) setU32(rec, v, parent + shift);
      }
      o += len;
    }
    protectFixups(rec, h.usaOffset, h.usaCount, rec[h.usaOffset] | (rec[h.usaOffset + 1] << 8));
    out.set(rec, i * rs);
  }
  return out;
}

async function benchMft(args: string[], log: (line: string) => void): Promise<void> {
  const target = option(args, '--mft-mb', 256) * 1048576;
  const sample = new Uint8Array(readFileSync(MFT_SAMPLE));
  const rs = readFileRecordHeader(sample).allocatedSize;
  const block = sample.subarray(0, Math.floor(sample.length / rs) * rs);
  const perBlock = block.length / rs;
  const path = join(tmpdir(), `tracelens-bench-${process.pid}.mft`);
  const fd = openSync(path, 'w');
  let written = 0;
  const t0 = performance.now();
  for (let k = 0; written < target; k++) {
    const b = k === 0 ? block : shiftedBlock(block, rs, k * perBlock);
    writeSync(fd, b, 0, b.length, written);
    written += b.length;
  }
  closeSync(fd);
  log(
    `bench mft: assembled ${mib(written)} MiB (${written / rs} records of ${rs} bytes, from ${MFT_SAMPLE}) in ${(performance.now() - t0).toFixed(0)} ms -> ${path}`,
  );
  try {
    const src = await openFileSource(path);
    const diagnostics: Diagnostic[] = [];
    let entries = 0;
    let withPath = 0;
    let peakRss = 0;
    let peakHeap = 0;
    const t1 = performance.now();
    const summary = await mftParser.parse(src, { fileName: path, diagnostics }, (e) => {
      entries++;
      if (e.path && !e.orphan) withPath++;
      if ((entries & 0xffff) === 0) {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }
    });
    const ms = performance.now() - t1;
    await src.close();
    log(
      `bench mft: ${mbps(written, ms)} MB/s, ${perSec(entries, ms)} entries/s (${entries} entries, ${withPath} with a full path, ${summary.errors} errors, ${diagnostics.length} diagnostics) in ${ms.toFixed(0)} ms, two passes over the file`,
    );
    log(`bench mft: peak RSS ${mib(peakRss)} MiB, peak heap ${mib(peakHeap)} MiB`);
  } finally {
    if (!args.includes('--keep')) unlinkSync(path);
  }
}

function usnTail(): Uint8Array {
  try {
    const raw = gunzipSync(readFileSync(USN_SAMPLE));
    return new Uint8Array(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 8 * 1048576) & ~4095);
  } catch {
    return writeNumberedUsn(50_000);
  }
}

async function benchUsn(args: string[], log: (line: string) => void): Promise<void> {
  const size = Math.floor(option(args, '--usn-gb', 10) * 1073741824);
  const tail = usnTail();
  const path = join(tmpdir(), `tracelens-bench-${process.pid}.J`);
  const fd = openSync(path, 'w');
  const at = Math.max(0, Math.floor((size - tail.length) / 4096) * 4096);
  ftruncateSync(fd, at);
  writeSync(fd, tail, 0, tail.length, at);
  closeSync(fd);
  const total = at + tail.length;
  log(
    `bench usn: sparse $J of ${mib(total)} MiB (${mib(tail.length)} MiB of real records at the end) -> ${path}`,
  );
  try {
    const readSize = Math.floor(option(args, '--read-mb', 1) * 1048576);
    const plainRead = async (): Promise<number> => {
      const plain = await openFileSource(path);
      const t0 = performance.now();
      for (let o = 0; o < plain.size; o += readSize) await plain.read(o, readSize);
      const ms = performance.now() - t0;
      await plain.close();
      return ms;
    };
    const parse = async () => {
      const src = await openFileSource(path);
      const diagnostics: Diagnostic[] = [];
      let records = 0;
      const t1 = performance.now();
      const summary = await usnParser.parse(src, { fileName: path, diagnostics, readSize }, () => {
        records++;
      });
      const ms = performance.now() - t1;
      await src.close();
      return { ms, records, summary };
    };
    // The first read of a fresh sparse file fills the page cache with zero pages (cold); later
    // reads come from the cache (warm). Both are shown; parse and plain read are compared warm.
    const coldMs = await plainRead();
    const { ms, records, summary } = await parse();
    const warmMs = await plainRead();
    log(
      `bench usn: plain read of the file (${mib(readSize)} MiB reads): cold ${mbps(total, coldMs)} MB/s (${coldMs.toFixed(0)} ms), warm ${mbps(total, warmMs)} MB/s (${warmMs.toFixed(0)} ms)`,
    );
    log(
      `bench usn: parse (warm) ${mbps(total, ms)} MB/s in ${ms.toFixed(0)} ms, ${records} records, ${summary.info.zeroBytes} zero bytes skipped, first record at ${summary.info.firstRecordOffset}`,
    );
  } finally {
    if (!args.includes('--keep')) unlinkSync(path);
  }
}

export async function benchMftUsn(args: string[], log: (line: string) => void): Promise<void> {
  const which = args.find((a) => a === 'mft' || a === 'usn');
  if (!which || which === 'mft') await benchMft(args, log);
  if (!which || which === 'usn') await benchUsn(args, log);
}
