import { describe, expect, it } from 'vitest';
import { blobSource } from './blob-source';
import { bytesWithSize, exactBytes, MAX_SINGLE_READ } from './limits';

describe('limit messages state exact byte counts', () => {
  it('groups the digits of a byte count, whatever the locale', () => {
    expect(exactBytes(0)).toBe('0 bytes');
    expect(exactBytes(1)).toBe('1 byte');
    expect(exactBytes(999)).toBe('999 bytes');
    expect(exactBytes(4_294_967_297)).toBe('4,294,967,297 bytes');
    expect(bytesWithSize(512)).toBe('512 bytes');
    expect(bytesWithSize(4 * 1024 ** 3)).toBe('4,294,967,296 bytes (4.00 GiB)');
  });

  it('refuses a single read above the limit with both exact sizes', async () => {
    const huge = { size: MAX_SINGLE_READ * 2, slice: () => new Blob([]) } as unknown as Blob;
    await expect(blobSource(huge).read(0x10, MAX_SINGLE_READ + 1)).rejects.toThrow(
      'a read of 1,073,741,825 bytes (1.00 GiB) at 0x10 was refused: one read may take at most 1,073,741,824 bytes (1.00 GiB) (readers must read in ranges)',
    );
  });
});
