// Artifact vocabulary: the one-byte code a row carries in `EventsTable.artifact`, the parsers'
// `ArtifactKind` it stands for, and the name the views, the histogram and the coverage show.
//
//   code  kind       display
//   0     evtx       EVTX
//   1     prefetch   Prefetch
//   2     mft        $MFT
//   3     usn        USN
import type { ArtifactKind } from '../parsers/types';

/** Value of the Uint8 `artifact` column of the events table. */
export type ArtifactCode = number;

export const ARTIFACT_EVTX: ArtifactCode = 0;
export const ARTIFACT_PREFETCH: ArtifactCode = 1;
export const ARTIFACT_MFT: ArtifactCode = 2;
export const ARTIFACT_USN: ArtifactCode = 3;
/** Number of codes (0 … ARTIFACT_COUNT - 1). */
export const ARTIFACT_COUNT = 4;

export const ARTIFACT_CODE: Record<ArtifactKind, ArtifactCode> = {
  evtx: ARTIFACT_EVTX,
  prefetch: ARTIFACT_PREFETCH,
  mft: ARTIFACT_MFT,
  usn: ARTIFACT_USN,
};
/** Kind of each code, indexed by code. */
export const ARTIFACT_BY_CODE: readonly ArtifactKind[] = ['evtx', 'prefetch', 'mft', 'usn'];
/** Display name of each code, indexed by code. */
export const ARTIFACT_DISPLAY: readonly string[] = ['EVTX', 'Prefetch', '$MFT', 'USN'];

/** Display name of an artifact code (`$MFT`), `unknown` for a code outside the table. */
export function artifactName(code: ArtifactCode, unknown = '?'): string {
  return ARTIFACT_DISPLAY[code] ?? unknown;
}
