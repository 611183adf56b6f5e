// Hostile EVTX input for tests and measurements: a DAG of templates that reference each other
// through template instances inside their definitions (libevtx "Template instance"; a definition's
// fragment may hold instances like any Binary XML). T0 is `<Data Name="x">A</Data>`; Tk holds two
// instances of Tk-1, so a record of a few hundred bytes per level expands to 2^K `Data` elements.
// With `distinctNames` each Tk wraps its two instances in `<L>` and `<R>`, so every leaf lands at
// its own UserData-style path (`L/R/…/Data`) instead of repeating the name `x`.
import type { EventSchema, EvtxEvent } from './event';
import { EVENTS, makeEvent } from './schemas';
import { guidFromKey, type TemplateDefinition, type TemplateElement } from './template-tree';

function def(key: string, root: TemplateDefinition['root']): TemplateDefinition {
  return { key, guid: guidFromKey(key), root };
}

function wrap(name: string, t: TemplateDefinition): TemplateElement {
  return { kind: 'element', name, attrs: [], children: [{ kind: 'instance', template: t }] };
}

/** [T0 … Tk]: T0 `<Data Name="x">A</Data>`, each Tk two instances of Tk-1. */
export function templateDag(k: number, distinctNames = false): TemplateDefinition[] {
  const tag = distinctNames ? 'distinct' : 'same';
  const leaf: TemplateElement = {
    kind: 'element',
    name: 'Data',
    attrs: [{ name: 'Name', value: { kind: 'text', text: 'x' } }],
    children: [{ kind: 'text', text: 'A' }],
  };
  const out = [def(`dag|${tag}|0`, leaf)];
  for (let i = 1; i <= k; i++) {
    const prev = out[i - 1];
    const nodes = distinctNames
      ? [wrap('L', prev), wrap('R', prev)]
      : [
          { kind: 'instance' as const, template: prev },
          { kind: 'instance' as const, template: prev },
        ];
    out.push(def(`dag|${tag}|${i}`, { kind: 'fragment', nodes }));
  }
  return out;
}

/** An EventData schema without values whose template is `<EventData>` holding instances of `tops`. */
export function dagEventSchema(key: string, tops: readonly TemplateDefinition[]): EventSchema {
  const root: TemplateElement = {
    kind: 'element',
    name: 'EventData',
    attrs: [],
    children: tops.map((template) => ({ kind: 'instance' as const, template })),
  };
  return { key, fields: [], types: [], template: def(key, root), index: new Map() };
}

/** Instances of T0 … Tk (from `templateDag(k)`) whose expansions add up to `n` leaves (n < 2^(k+1)). */
export function dagTopsFor(n: number, dag: readonly TemplateDefinition[]): TemplateDefinition[] {
  const tops: TemplateDefinition[] = [];
  for (let i = dag.length - 1; i >= 0; i--) if (n & (2 ** i)) tops.push(dag[i]);
  return tops;
}

/** A sound Sysmon 11 (file create) event to put around the odd one: process id `i`, file `C:\\f{i}.txt`. */
export function soundEvent(i: number, image = 'C:\\x.exe'): EvtxEvent {
  return makeEvent(
    EVENTS.sysmonFileCreate,
    { computer: 'WS01', time: '2026-10-14T10:02:11.0000000Z', processId: 4, threadId: i },
    {
      RuleName: '-',
      UtcTime: '2026-10-14 10:02:11.000',
      ProcessGuid: '{00000000-0000-0000-0000-000000000000}',
      ProcessId: i,
      Image: image,
      TargetFilename: `C:\\f${i}.txt`,
      CreationUtcTime: '2026-10-14 10:02:11.000',
    },
  );
}
