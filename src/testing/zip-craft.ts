// Writes small zip archives byte by byte, including hostile ones (overlapping members, sizes
// that lie), for the ingest tests and e2e specs. Spec: PKWARE APPNOTE.TXT §4.3.
import { crc32 } from '../parsers/bytes/crc32';

export interface CraftMember {
  name: string;
  /** Stored bytes (method 0) or raw DEFLATE bytes (method 8). */
  data: Uint8Array;
  method: 0 | 8;
  /** Inflated size written into the headers. */
  declaredSize: number;
  crc: number;
}

export interface CraftOptions {
  /** Extra central-directory entries that point at member 0's local header (a zip bomb shape). */
  aliasesOfFirst?: number;
}

function le(n: number, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Math.floor(n / 2 ** (8 * i)) & 0xff);
  return out;
}

export function craftZip(members: CraftMember[], opts: CraftOptions = {}): Uint8Array {
  const enc = new TextEncoder();
  const parts: number[][] = [];
  const central: number[] = [];
  let offset = 0;
  let count = 0;
  const centralEntry = (m: CraftMember, name: Uint8Array, at: number) => {
    central.push(
      ...le(0x02014b50, 4),
      ...le(20, 2),
      ...le(20, 2),
      ...le(0x0800, 2),
      ...le(m.method, 2),
      ...le(0, 4),
      ...le(m.crc, 4),
      ...le(m.data.length, 4),
      ...le(m.declaredSize, 4),
      ...le(name.length, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 2),
      ...le(0, 4),
      ...le(at, 4),
      ...name,
    );
    count++;
  };
  const locals: number[] = [];
  for (const m of members) {
    const name = enc.encode(m.name);
    const header = [
      ...le(0x04034b50, 4),
      ...le(20, 2),
      ...le(0x0800, 2),
      ...le(m.method, 2),
      ...le(0, 4),
      ...le(m.crc, 4),
      ...le(m.data.length, 4),
      ...le(m.declaredSize, 4),
      ...le(name.length, 2),
      ...le(0, 2),
      ...name,
    ];
    locals.push(offset);
    parts.push(header);
    offset += header.length + m.data.length;
    centralEntry(m, name, locals[locals.length - 1]);
  }
  for (let i = 0; i < (opts.aliasesOfFirst ?? 0); i++) {
    const m = members[0];
    centralEntry(m, enc.encode(`alias-${i}-${m.name}`), locals[0]);
  }
  const eocd = [
    ...le(0x06054b50, 4),
    ...le(0, 2),
    ...le(0, 2),
    ...le(count, 2),
    ...le(count, 2),
    ...le(central.length, 4),
    ...le(offset, 4),
    ...le(0, 2),
  ];
  const out = new Uint8Array(offset + central.length + eocd.length);
  let at = 0;
  members.forEach((m, i) => {
    out.set(parts[i], at);
    at += parts[i].length;
    out.set(m.data, at);
    at += m.data.length;
  });
  out.set(central, at);
  out.set(eocd, at + central.length);
  return out;
}

export function storedMember(name: string, data: Uint8Array): CraftMember {
  return { name, data, method: 0, declaredSize: data.length, crc: crc32(data) };
}
