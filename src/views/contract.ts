// What the app shell hands to every view, and what views may ask of it.
import type { Evaluation } from '../analysis/checklist/types';
import type { CaseFile, HostRegistry } from '../model/case';
import type {
  EventsTable,
  IndexIntoEventsTable,
  IndexIntoFileTable,
  IndexIntoHostTable,
} from '../model/events-table';
import type { ArtifactKind } from '../parsers/types';

export interface CaseView {
  /** Increments on every change of table, files or hosts; use it as a memo key. */
  version: number;
  table: EventsTable;
  files: CaseFile[];
  hosts: HostRegistry;
  /** Checklist evaluation of the current case, null until evaluated. */
  evaluation: Evaluation | null;
  /** Tool names the checklist looks for (default ['nmap']). */
  toolNames: string[];
}

export interface CaseActions {
  cancelFile(id: IndexIntoFileTable): void;
  retryFile(id: IndexIntoFileTable): void;
  renameHost(id: IndexIntoHostTable, name: string): void;
  mergeHosts(from: IndexIntoHostTable, into: IndexIntoHostTable): void;
  assignFile(file: IndexIntoFileTable, host: IndexIntoHostTable): void;
  setToolNames(names: string[]): void;
  /** Rebuilds the record's full XML (EVTX) or full decoded record (others) from its file. */
  loadRecordDetail(row: IndexIntoEventsTable): Promise<string>;
  addFiles(files: { path: string; blob: Blob }[]): void;
  loadDemo(variant: string): void;
}

/** A request to show some rows in the timeline (from checklist evidence or a heatmap cell). */
export interface TimelineFocus {
  /** Explicit rows to show (evidence); when set, other filters are cleared. */
  rows?: IndexIntoEventsTable[];
  host?: IndexIntoHostTable;
  artifact?: ArtifactKind;
  eventIds?: number[];
  /** [from, to] ms since 1970. */
  timeRange?: [number, number];
  text?: string;
  /** Row to scroll to and highlight. */
  highlight?: IndexIntoEventsTable;
  /** Short description shown above the table ("Evidence: Sysmon 3 on WS01"). */
  title?: string;
}

export type TabId = 'files' | 'timeline' | 'heatmap' | 'checklist';

export type Navigate = (tab: TabId, focus?: TimelineFocus) => void;

/** IANA time-zone name or 'UTC'. Times are UTC inside; this is only for display. */
export type TimeZoneName = string;
