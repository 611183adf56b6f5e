// Zero skipping for the sparse $J: the journal's head is deallocated (reads as zeros) and every
// 4 KiB page ends in zero padding. Runs of zeros are skipped word by word over an aligned
// Uint32Array, four words per step, never record by record.

/**
 * Index of the first 8-byte aligned position at or after `from` (a multiple of 8) whose 8-byte
 * word is not zero, in `words` (a Uint32Array over the buffer, 4-byte aligned). Returns the
 * byte length rounded down to 8 when the rest is all zero.
 */
export function nextNonZero(words: Uint32Array, from: number): number {
  let i = from >>> 2;
  const n = words.length;
  const n4 = n - 3;
  while (i < n4 && (words[i] | words[i + 1] | words[i + 2] | words[i + 3]) === 0) i += 4;
  while (i < n && words[i] === 0) i++;
  return (i * 4) & ~7;
}
