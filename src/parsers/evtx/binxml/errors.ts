// The one error type Binary XML decoding throws inside a record; the chunk loop turns it into a
// Diagnostic (file, absolute offset, field, expected vs found) and moves on to the next record.
export class BinXmlError extends Error {
  constructor(
    readonly field: string,
    /** Offset relative to the chunk start; the chunk loop adds the chunk's file offset. */
    readonly chunkOffset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    super(`${field} at chunk offset 0x${chunkOffset.toString(16)}: expected ${expected}, found ${found}`);
    this.name = 'BinXmlError';
  }
}
