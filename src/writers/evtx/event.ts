// The event a scenario hands to the EVTX writer: System values plus positional EventData values.
import { type EventDataField, eventDataTemplate, type TemplateDefinition } from './template-tree';
import type { EvtxScalar, EvtxValueType } from './values';

export interface EventSchema {
  key: string;
  fields: readonly EventDataField[];
  types: readonly EvtxValueType[];
  template: TemplateDefinition;
  /** field name -> position in `values` */
  index: ReadonlyMap<string, number>;
}

export function defineEventSchema(key: string, fields: readonly EventDataField[]): EventSchema {
  return {
    key,
    fields,
    types: fields.map((f) => f.type),
    template: eventDataTemplate(key, fields),
    index: new Map(fields.map((f, i) => [f.name, i])),
  };
}

export interface EvtxEvent {
  providerName: string;
  /** `{GUID}` */
  providerGuid: string;
  channel: string;
  computer: string;
  eventId: number;
  /** EventID/@Qualifiers; null/undefined writes a Null substitution (as Security and Sysmon do). */
  qualifiers?: number | null;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: bigint;
  /** ISO time with up to 7 fractional digits, UTC (`2026-10-14T10:02:11.1234567Z`). */
  timeCreated: string;
  processId: number;
  threadId: number;
  /** Security/@UserID as `S-1-…`; null writes a Null substitution. */
  userId?: string | null;
  activityId?: string | null;
  schema: EventSchema;
  /** One value per schema field, in field order. */
  values: readonly EvtxScalar[];
}
