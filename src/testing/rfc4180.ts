// Test support: a strict RFC 4180 reader (CRLF records, quoted fields with doubled quotes),
// to read back what the CSV exports write.
export function readRfc4180(text: string): string[][] {
  const records: string[][] = [];
  const token = /"((?:[^"]|"")*)"|([^",\r\n]*)/y;
  let at = 0;
  while (at < text.length) {
    const record: string[] = [];
    for (;;) {
      token.lastIndex = at;
      const m = token.exec(text);
      if (!m) throw new Error(`bad CSV at ${at}`);
      record.push(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]);
      at = token.lastIndex;
      if (text[at] === ',') {
        at++;
        continue;
      }
      if (text.startsWith('\r\n', at)) at += 2;
      else if (at < text.length)
        throw new Error(`bad CSV at ${at}: ${JSON.stringify(text.slice(at, at + 20))}`);
      break;
    }
    records.push(record);
  }
  return records;
}
