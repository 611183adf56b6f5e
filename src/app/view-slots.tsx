// The four views, built in src/views/<name>/ in parallel with the shell. Each is used when its
// module is part of the build; until then a placeholder says what the area will show.
import type { ComponentType } from 'react';
import type { CaseActions, CaseView, Navigate, TimelineFocus, TimeZoneName } from '../views/contract';

export interface TimelineProps {
  caseView: CaseView;
  actions: CaseActions;
  focus: TimelineFocus | null;
  timeZone: TimeZoneName;
  onNavigate: Navigate;
}
export interface HeatmapProps {
  caseView: CaseView;
  actions: CaseActions;
  timeZone: TimeZoneName;
  onNavigate: Navigate;
}
export interface ChecklistProps {
  caseView: CaseView;
  actions: CaseActions;
  onNavigate: Navigate;
}
export interface FilesHostsProps {
  caseView: CaseView;
  actions: CaseActions;
  onNavigate: Navigate;
}

function pick<P>(mods: Record<string, unknown>, name: string): ComponentType<P> | null {
  const mod = Object.values(mods)[0] as Record<string, unknown> | undefined;
  const c = mod?.[name];
  return typeof c === 'function' || (typeof c === 'object' && c !== null) ? (c as ComponentType<P>) : null;
}

export const TimelineSlot = pick<TimelineProps>(
  import.meta.glob('../views/timeline/index.tsx', { eager: true }),
  'TimelineView',
);
export const HeatmapSlot = pick<HeatmapProps>(
  import.meta.glob('../views/heatmap/index.tsx', { eager: true }),
  'HeatmapView',
);
export const ChecklistSlot = pick<ChecklistProps>(
  import.meta.glob('../views/checklist/index.tsx', { eager: true }),
  'ChecklistView',
);
export const FilesHostsSlot = pick<FilesHostsProps>(
  import.meta.glob('../views/files-hosts/index.tsx', { eager: true }),
  'FilesHostsView',
);
