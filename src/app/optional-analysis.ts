// Analysis run after every drop: USN path resolution against the $MFT rows of the same host,
// then the checklist evaluation of the default tool sheet (nmap).
import { evaluateSheet } from '../analysis/checklist/engine';
import type { Evaluation } from '../analysis/checklist/types';
import { resolveUsnPaths } from '../analysis/usn-paths';
import type { CaseStore } from '../model/case-store';
import { DEFAULT_SHEET_ID, SHEETS } from '../sheets/index';

/** Resolves USN paths in place and evaluates the default sheet. Throws only on analysis bugs. */
export function analyseCase(store: CaseStore, toolNames: string[]): Evaluation | null {
  resolveUsnPaths(store.table, store.strings, (row) => store.hostOfRow(row));
  const sheet = SHEETS[DEFAULT_SHEET_ID];
  return sheet ? evaluateSheet(store, sheet, { toolNames }) : null;
}
