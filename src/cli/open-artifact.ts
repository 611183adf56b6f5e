// Opens a path as a ByteSource, transparently gunzipping `.gz`-compressed single files (detected
// by magic, not name), and tells its artifact kind.
import { gunzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { type Detected, detect } from '../parsers/detect';
import { type ByteSource, memorySource } from '../parsers/types';
import { openFileSource } from './node-source';

export interface OpenedArtifact {
  src: ByteSource;
  detected: Detected;
  close(): Promise<void>;
}

/** Largest gzip member we inflate in memory in the CLI. */
const GUNZIP_LIMIT = 4 * 1024 * 1024 * 1024;

export async function openArtifact(path: string): Promise<OpenedArtifact> {
  const file = await openFileSource(path);
  let detected = await detect(file);
  if (detected.kind === 'gzip') {
    await file.close();
    let bytes: Uint8Array;
    try {
      bytes = gunzipSync(await readFile(path), { maxOutputLength: GUNZIP_LIMIT });
    } catch (e) {
      return {
        src: memorySource(new Uint8Array(0)),
        detected: { kind: 'unknown', reason: `gzip stream could not be inflated: ${(e as Error).message}` },
        close: async () => {},
      };
    }
    const src = memorySource(bytes);
    detected = await detect(src);
    if (detected.kind === 'gzip' || detected.kind === 'zip') {
      detected = { kind: 'unknown', reason: 'nested archive inside gzip is not opened' };
    }
    return { src, detected, close: async () => {} };
  }
  return { src: file, detected, close: () => file.close() };
}
