// Completes USN rows with full paths through the $MFT rows of the same host. A USN record names
// only the file and its parent reference (entry, sequence); the parent's path comes from the
// $MFT row with Entry == ParentEntry.
//   - same sequence:     Path = <parent path>\<Name>, PathNote ''
//   - other sequence:    Path = <parent path>\<Name>, PathNote 'ParentReused: …' (the folder entry
//                        was reused after the record was written, so the path may be wrong)
//   - no $MFT row:       left as is (Path '', PathNote 'unresolved parent: …')
// Values are replaced in place (fieldValue indices); new strings are interned in `strings`.
import { ARTIFACT_MFT, ARTIFACT_USN } from '../model/artifact';
import type { EventsTable, IndexIntoEventsTable } from '../model/events-table';
import type { StringTable } from '../model/string-table';
import { type MftPathResolver, STATE_PRESENT } from '../parsers/mft/path-table';
import type { UsnRecord } from '../parsers/usn/record';

export const PARENT_REUSED_NOTE = 'ParentReused';

interface ParentInfo {
  sequence: string;
  path: string;
}

function fieldSlot(t: EventsTable, row: number, key: number): number {
  if (key < 0) return -1;
  const start = t.fieldStart[row];
  const end = start + t.fieldCount[row];
  for (let k = start; k < end; k++) if (t.fieldKey[k] === key) return k;
  return -1;
}

/**
 * Resolves every USN row's Path against the $MFT rows of its host. `hostOfRow` overrides
 * `table.host` (e.g. to treat the whole table as one host). Returns the number of rows resolved
 * (including those marked ParentReused).
 */
export function resolveUsnPaths(
  table: EventsTable,
  strings: StringTable,
  hostOfRow?: (row: IndexIntoEventsTable) => number,
): number {
  const hostOf = hostOfRow ?? ((row: number) => table.host[row]);
  const key = (name: string) => strings.find(name);
  const kEntry = key('Entry');
  const kSequence = key('Sequence');
  const kPath = key('Path');
  const kName = key('Name');
  const kParentEntry = key('ParentEntry');
  const kParentSequence = key('ParentSequence');
  const kPathNote = key('PathNote');
  if (kEntry < 0 || kPath < 0 || kParentEntry < 0) return 0;
  const mft = ARTIFACT_MFT;
  const usn = ARTIFACT_USN;
  const byHost = new Map<number, Map<string, ParentInfo>>();
  for (let row = 0; row < table.length; row++) {
    if (table.artifact[row] !== mft) continue;
    const e = fieldSlot(table, row, kEntry);
    const p = fieldSlot(table, row, kPath);
    if (e < 0 || p < 0) continue;
    const h = hostOf(row);
    let m = byHost.get(h);
    if (!m) {
      m = new Map();
      byHost.set(h, m);
    }
    const entry = table.strings[table.fieldValue[e]];
    if (m.has(entry)) continue;
    const s = fieldSlot(table, row, kSequence);
    m.set(entry, {
      sequence: s >= 0 ? table.strings[table.fieldValue[s]] : '',
      path: table.strings[table.fieldValue[p]],
    });
  }
  let resolved = 0;
  for (let row = 0; row < table.length; row++) {
    if (table.artifact[row] !== usn) continue;
    const m = byHost.get(hostOf(row));
    if (!m) continue;
    const pe = fieldSlot(table, row, kParentEntry);
    const p = fieldSlot(table, row, kPath);
    if (pe < 0 || p < 0) continue;
    const parent = m.get(table.strings[table.fieldValue[pe]]);
    if (!parent?.path) continue;
    const n = fieldSlot(table, row, kName);
    const name = n >= 0 ? table.strings[table.fieldValue[n]] : '';
    const path = parent.path === '\\' ? `\\${name}` : `${parent.path}\\${name}`;
    table.fieldValue[p] = strings.intern(path);
    const ps = fieldSlot(table, row, kParentSequence);
    const recordSeq = ps >= 0 ? table.strings[table.fieldValue[ps]] : '';
    const note = fieldSlot(table, row, kPathNote);
    if (note >= 0) {
      table.fieldValue[note] =
        recordSeq === parent.sequence
          ? 0
          : strings.intern(
              `${PARENT_REUSED_NOTE}: parent entry ${table.strings[table.fieldValue[pe]]} has sequence ${parent.sequence} in $MFT, ${recordSeq} in this record`,
            );
    }
    resolved++;
  }
  table.strings = strings.strings;
  return resolved;
}

/**
 * The same rule for one USN record against an $MFT's path resolver (CLI and batch use, where no
 * events table exists): sets `record.path` and says how it was found.
 */
export function resolveUsnRecordPath(
  resolver: MftPathResolver,
  record: UsnRecord,
): 'resolved' | 'parentReused' | 'unresolved' {
  if (record.version === 4 || !record.name) return 'unresolved';
  const c = resolver.columns;
  const slot = record.parentEntry - c.first;
  if (slot < 0 || slot >= c.length || (c.state[slot] & STATE_PRESENT) === 0) return 'unresolved';
  const parent = resolver.resolve(record.parentEntry).path;
  if (!parent) return 'unresolved';
  record.path = parent === '\\' ? `\\${record.name}` : `${parent}\\${record.name}`;
  return c.sequence[slot] === record.parentSequence ? 'resolved' : 'parentReused';
}
