// $DATA (type 0x80): the unnamed stream is the file's content, named ones are alternate data
// streams (libfsntfs documentation "The data attribute"). Only sizes are read here; content
// stays on the volume. A non-resident $DATA split over several records carries its sizes in the
// part whose first VCN is 0.
import type { AttributeHeader } from '../attribute-header';

export interface DataStream {
  /** '' for the unnamed (default) stream. */
  name: string;
  /** Logical size in bytes. */
  size: number;
  /** Bytes allocated on disk (resident: the value length). */
  allocatedSize: number;
  resident: boolean;
}

/** The stream described by one $DATA attribute part, or null for a continuation part. */
export function readDataStream(a: AttributeHeader): DataStream | null {
  if (a.nonResident) {
    if (a.startVcn !== 0) return null;
    return { name: a.name, size: a.dataSize, allocatedSize: a.allocatedSize, resident: false };
  }
  return { name: a.name, size: a.valueLength, allocatedSize: a.valueLength, resident: true };
}
