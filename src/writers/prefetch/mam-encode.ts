// MAM\x04 container writer (Windows 10/11 compressed prefetch), libscca "Windows Prefetch File (PF)
// format", section "Compressed Prefetch file - MAM file format":
//   0 "MAM\x04"   4 uint32 uncompressed size   8 LZXPRESS Huffman stream
import { MAM_HEADER_SIZE } from '../../parsers/prefetch/mam';
import { compressXpressHuffman } from './lzxpress-huffman-encode';

export function compressMam(plain: Uint8Array): Uint8Array {
  const stream = compressXpressHuffman(plain);
  const out = new Uint8Array(MAM_HEADER_SIZE + stream.length);
  out.set([0x4d, 0x41, 0x4d, 0x04], 0);
  new DataView(out.buffer).setUint32(4, plain.length, true);
  out.set(stream, MAM_HEADER_SIZE);
  return out;
}
