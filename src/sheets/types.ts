// Tool sheets as data: the shape of a JPCERT/CC "Tool Analysis Result Sheet" that the checklist
// engine (src/analysis/checklist/engine.ts) evaluates. Everything tool-specific lives in the data;
// the engine only knows these link kinds and condition operators.
import type { ArtifactKind } from '../parsers/types';

export type SheetRole = 'source' | 'destination';

/**
 * A test on one named field of a row. Comparisons ignore case.
 * - eq / ne / endsWith / contains: string tests (`value` may list alternatives: any one matches)
 * - flagsEq: the '+' or '|' separated flag set equals `value` (order ignored)
 * - hasFlags: the flag set contains every flag of `value`
 */
export interface FieldCondition {
  field: string;
  op: 'eq' | 'ne' | 'endsWith' | 'contains' | 'flagsEq' | 'hasFlags';
  value: string | string[];
}

/** A field the sheet says to read: its label on the sheet, the event's field name, and what it means. */
export interface SheetField {
  label: string;
  /** Field name in the row (EventData name, prefetch/MFT/USN attribute); '@time' = the row's time. */
  field: string;
  meaning: string;
}

/** How the process id is written in a log: decimal (Sysmon, WFP) or `0x…` hex (Security). */
export type PidRadix = 10 | 16;

/** Where a connection's ends are in a row (for destinations, IP ownership and fan-out). */
export interface ConnectionFields {
  localAddress: string;
  localPort: string;
  remoteAddress: string;
  remotePort: string;
  protocol: string;
  /** Field with the process image / application path. */
  image: string;
}

/**
 * How the engine ties a row to an execution.
 * - process: the execution's own process, by GUID when both sides have one, else by PID within
 *   the execution's window (PID reuse after exit cannot link).
 * - prefetch-file: rows naming the execution's `<EXE>-<HASH>.pf`, whose hash must match the
 *   execution's device path. `withinWindow` limits them to [start, end + afterMs].
 *   `sequence` (USN): rows must show these condition sets in this order.
 * - handle: rows sharing `handleField` and the PID with rows matched by item `of`.
 * - prefetch: the prefetch file itself (artifact rows, one per run time).
 * - inbound: destination-host rows from the source host's address, within the window ± skew;
 *   `peers` lists the address/port pairs, either of which may be the remote end.
 */
export type ItemLink =
  | { kind: 'process'; pidField: string; pidRadix: PidRadix; guidField?: string }
  | {
      kind: 'prefetch-file';
      nameField: string;
      withinWindow: boolean;
      afterMs?: number;
      sequence?: FieldCondition[][];
    }
  | { kind: 'handle'; of: string; handleField: string; pidField: string; pidRadix: PidRadix }
  | { kind: 'prefetch' }
  | { kind: 'inbound'; peers: { address: string; port: string }[]; protocol: string };

export interface SheetItem {
  /** Stable id, e.g. 'src.sysmon-1'. */
  id: string;
  /** The sheet's numbered row in its "Details" table (items of one row belong together). */
  row: number;
  role: SheetRole;
  /** Sheet section: 'Event log', 'USN Journal', 'MFT', 'Prefetch'. */
  section: string;
  title: string;
  /** Channel for event logs; 'USN', 'MFT', 'Prefetch' for file-system artifacts. */
  log: string;
  artifact: ArtifactKind;
  eventId: number | null;
  category: string;
  fields: SheetField[];
  /** True only when the sheet lists it under "Standard Settings". */
  recordedByDefault: boolean;
  /** What must be enabled for it to be recorded ('' when recorded by default). */
  requires: string;
  link: ItemLink;
  where?: FieldCondition[];
  /** Set on items whose rows are network connections. */
  connection?: ConnectionFields;
}

/** A process-creation log the engine reads to find executions. */
export interface ProcessCreateSource {
  log: string;
  eventId: number;
  imageField: string;
  /** PE original file name (renamed binaries). */
  originalNameField?: string;
  pidField: string;
  pidRadix: PidRadix;
  guidField?: string;
  commandLineField?: string;
  /** Joined with '\' (e.g. ['SubjectDomainName', 'SubjectUserName']). */
  userFields: string[];
  label: string;
}

/** A process-exit log: closes the execution's window. */
export interface ProcessExitSource {
  log: string;
  eventId: number;
  pidField: string;
  pidRadix: PidRadix;
  guidField?: string;
  statusField?: string;
  label: string;
}

export interface SuccessCondition {
  text: string;
  /** Destination items whose rows count as received communications. */
  receivedItems: string[];
  /** Destination items whose rows count as dropped packets. */
  droppedItems: string[];
  minDistinctPorts: number;
  minProtocols: number;
}

export interface ToolSheet {
  id: string;
  /** Display name of the tool ('nmap'). */
  name: string;
  title: string;
  /** Where the sheet comes from. */
  reference: string;
  /** Executable names looked for (case-insensitive, '.exe' optional). */
  toolNames: string[];
  executions: {
    creates: ProcessCreateSource[];
    exits: ProcessExitSource[];
    /** Prefetch run times are executions too. */
    prefetch: boolean;
  };
  items: SheetItem[];
  success: SuccessCondition | null;
  /** Verb for what the execution did to a destination in the verdict ('scanned'; default 'reached'). */
  destinationVerb?: string;
}
