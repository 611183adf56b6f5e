// Test support: a generated $MFT just above the split threshold (~17 MiB): 17,000 files in 100
// folders (every 50th deleted, each modified after it was created) and the nmap Prefetch file.
// The split unit tests and the split e2e spec load the same bytes.
import { buildMftFromPaths, type PathFileSpec } from '../writers/mft/write-mft';

export const LARGE_MFT_NMAP = '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf';
export const LARGE_MFT_DEEP = '\\Data\\folder-42\\file-16942.txt';

let cached: Uint8Array<ArrayBuffer> | null = null;

export function buildLargeMft(): Uint8Array<ArrayBuffer> {
  if (cached) return cached;
  const files: PathFileSpec[] = [];
  for (let i = 0; i < 17_000; i++) {
    files.push({
      path: `\\Data\\folder-${i % 100}\\file-${i}.txt`,
      size: i,
      inUse: i % 50 !== 7,
      times: {
        created: '2024-01-01T00:00:00.0000000Z',
        modified: `2024-02-01T00:00:${String(i % 60).padStart(2, '0')}.5000000Z`,
      },
    });
  }
  files.push({ path: LARGE_MFT_NMAP, size: 8192, times: { created: '2024-05-01T12:00:00.0000000Z' } });
  const b = buildMftFromPaths(files).bytes;
  cached = new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
  return cached;
}
