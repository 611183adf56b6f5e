import { describe, expect, it } from 'vitest';
import { blobSource } from './blob-source';
import { bytesWithSize, exactBytes, MAX_SINGLE_READ } from './limits';

describe('limit messages state exact byte counts', () => {
  it('groups the digits of a byte count, whatever the locale', () => {
    const cases: [string, string][] = [
      [exactBytes(0), '0 bytes'],
      [exactBytes(1), '1 byte'],
      [exactBytes(999), '999 bytes'],
      [exactBytes(4_294_967_297), '4,294,967,297 bytes'],
      [bytesWithSize(512), '512 bytes'],
      [bytesWithSize(4 * 1024 ** 3), '4,294,967,296 bytes (4.00 GiB)'],
    ];
    for (const [got, want] of cases) expect(got).toBe(want);
  });

  it('refuses a single read above the limit with both exact sizes', async () => {
    const huge = { size: MAX_SINGLE_READ * 2, slice: () => new Blob([]) } as unknown as Blob;
    await expect(blobSource(huge).read(0x10, MAX_SINGLE_READ + 1)).rejects.toThrow(
      'a read of 1,073,741,825 bytes (1.00 GiB) at 0x10 was refused: one read may take at most 1,073,741,824 bytes (1.00 GiB) (readers must read in ranges)',
    );
  });
});
