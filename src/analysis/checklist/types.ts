// Output of the checklist engine, consumed by the CLI (`tracelens check`) and the checklist view.
import type { IndexIntoEventsTable, IndexIntoHostTable, Milliseconds } from '../../model/events-table';

export type ItemStatus = 'matched' | 'not-found' | 'not-collected' | 'rolled-over';
export type Role = 'source' | 'destination';

export interface EvidenceRef {
  row: IndexIntoEventsTable;
  /** Source file path. */
  file: string;
  /** 'record 123', 'entry 4567', 'usn 987654', 'run 1'. */
  ref: string;
}

export interface ItemResult {
  id: string;
  title: string;
  /** 'Microsoft-Windows-Sysmon/Operational', 'Security', 'USN', 'MFT', 'Prefetch'. */
  log: string;
  eventId: number | null;
  category: string;
  status: ItemStatus;
  reason: string;
  evidence: EvidenceRef[];
  /** The sheet's fields, filled from the first evidence row (name → value). */
  fields: Record<string, string>;
  recordedByDefault: boolean;
  /** The sheet's numbered row this item belongs to. */
  sheetRow?: number;
  /** Sheet section: 'Event log', 'USN Journal', 'MFT', 'Prefetch'. */
  section?: string;
  /** Audit policy / Sysmon setting needed to record it ('' when recorded by default). */
  requires?: string;
}

export interface RoleResult {
  role: Role;
  items: ItemResult[];
}

export interface HostResult {
  host: IndexIntoHostTable;
  hostName: string;
  roles: RoleResult[];
}

export interface Execution {
  host: IndexIntoHostTable;
  hostName: string;
  image: string;
  commandLine: string;
  user: string;
  processId: number | null;
  processGuid: string;
  start: Milliseconds;
  end: Milliseconds;
  exitStatus: string;
  /** How it was found: 'Sysmon 1', 'Security 4688', 'Prefetch', 'fan-out' … */
  foundBy: string[];
}

export interface Verdict {
  execution: Execution;
  destinations: {
    host: IndexIntoHostTable | null;
    address: string;
    hostName: string;
    ports: number;
    protocols: string[];
    connections: number;
    dropped: number;
  }[];
  successConditionMet: boolean;
  text: string;
  coverage: string;
}

export interface Evaluation {
  sheet: string;
  hosts: HostResult[];
  verdicts: Verdict[];
  /** Processes with scanner-like fan-out that no name matched. */
  suspects: {
    host: IndexIntoHostTable;
    hostName: string;
    image: string;
    processId: number | null;
    target: string;
    ports: number;
  }[];
}
