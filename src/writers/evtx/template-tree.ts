// Template definitions as trees, before they are serialised as binary XML.
// Layout follows what Windows' event log service writes (seen in real Security and Sysmon logs):
// an outer "System" template with 18 optional substitutions whose last one (index 17) is a
// nested binary XML fragment holding an EventData template with one Data element per field.
import { VALUE_TYPE, type EvtxValueType } from './values';

export type TemplateContent =
  | { kind: 'text'; text: string }
  | { kind: 'sub'; index: number; type: number; optional: boolean };

export interface TemplateElement {
  kind: 'element';
  name: string;
  attrs: { name: string; value: TemplateContent }[];
  children: (TemplateElement | TemplateContent | TemplateInstanceRef)[];
}

/** An instance of another template inside a definition (no substitution values). */
export interface TemplateInstanceRef {
  kind: 'instance';
  template: TemplateDefinition;
}

/** Several top-level nodes in one definition's fragment instead of one root element. */
export interface TemplateFragment {
  kind: 'fragment';
  nodes: (TemplateElement | TemplateInstanceRef)[];
}

export interface TemplateDefinition {
  /** Identifies the template inside one chunk (same key -> same definition). */
  key: string;
  /** `{GUID}` derived from the key; its first four bytes are the template identifier. */
  guid: string;
  root: TemplateElement | TemplateFragment;
}

export interface EventDataField {
  name: string;
  type: EvtxValueType;
}

const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Substitution indexes of the System template, in Windows' own numbering. */
export const SYSTEM_SUB = {
  level: 0,
  opcode: 1,
  task: 2,
  eventId: 3,
  qualifiers: 4,
  keywords: 5,
  timeCreated: 6,
  activityId: 7,
  processId: 8,
  threadId: 9,
  eventRecordId: 10,
  version: 11,
  userId: 12,
  relatedActivityId: 13,
  providerName: 14,
  providerGuid: 15,
  channel: 16,
  eventData: 17,
} as const;
export const SYSTEM_SUB_COUNT = 18;

function el(
  name: string,
  attrs: TemplateElement['attrs'] = [],
  children: TemplateElement['children'] = [],
): TemplateElement {
  return { kind: 'element', name, attrs, children };
}
function opt(index: number, type: number): TemplateContent {
  return { kind: 'sub', index, type, optional: true };
}
function text(t: string): TemplateContent {
  return { kind: 'text', text: t };
}

/** 128-bit FNV-1a-style digest of a string, formatted as a GUID (deterministic template GUIDs). */
export function guidFromKey(key: string): string {
  const seeds = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  const parts = seeds.map((seed) => {
    let h = seed >>> 0;
    for (let i = 0; i < key.length; i++) {
      h ^= key.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
      h ^= h >>> 13;
    }
    return (h >>> 0).toString(16).padStart(8, '0');
  });
  const hex = parts.join('').toUpperCase();
  return `{${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}}`;
}

/** The System template; `computer` is a literal in it, as Windows writes it. */
export function systemTemplate(computer: string): TemplateDefinition {
  const s = SYSTEM_SUB;
  const T = VALUE_TYPE;
  const root = el(
    'Event',
    [{ name: 'xmlns', value: text(EVENT_NS) }],
    [
      el(
        'System',
        [],
        [
          el('Provider', [
            { name: 'Name', value: opt(s.providerName, T.string) },
            { name: 'Guid', value: opt(s.providerGuid, T.guid) },
          ]),
          el(
            'EventID',
            [{ name: 'Qualifiers', value: opt(s.qualifiers, T.uint16) }],
            [opt(s.eventId, T.uint16)],
          ),
          el('Version', [], [opt(s.version, T.uint8)]),
          el('Level', [], [opt(s.level, T.uint8)]),
          el('Task', [], [opt(s.task, T.uint16)]),
          el('Opcode', [], [opt(s.opcode, T.uint8)]),
          el('Keywords', [], [opt(s.keywords, T.hex64)]),
          el('TimeCreated', [{ name: 'SystemTime', value: opt(s.timeCreated, T.filetime) }]),
          el('EventRecordID', [], [opt(s.eventRecordId, T.uint64)]),
          el('Correlation', [
            { name: 'ActivityID', value: opt(s.activityId, T.guid) },
            { name: 'RelatedActivityID', value: opt(s.relatedActivityId, T.guid) },
          ]),
          el('Execution', [
            { name: 'ProcessID', value: opt(s.processId, T.uint32) },
            { name: 'ThreadID', value: opt(s.threadId, T.uint32) },
          ]),
          el('Channel', [], [opt(s.channel, T.string)]),
          el('Computer', [], [text(computer)]),
          el('Security', [{ name: 'UserID', value: opt(s.userId, T.sid) }]),
        ],
      ),
      opt(s.eventData, T.bxml),
    ],
  );
  const key = `system|${computer}`;
  return { key, guid: guidFromKey(key), root };
}

/** `<EventData><Data Name="…">%n</Data>…</EventData>` with normal substitutions, one per field. */
export function eventDataTemplate(key: string, fields: readonly EventDataField[]): TemplateDefinition {
  const root = el(
    'EventData',
    [],
    fields.map((f, i) =>
      el(
        'Data',
        [{ name: 'Name', value: text(f.name) }],
        [{ kind: 'sub', index: i, type: VALUE_TYPE[f.type], optional: false }],
      ),
    ),
  );
  return { key, guid: guidFromKey(key), root };
}
