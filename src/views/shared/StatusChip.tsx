// Status chip: text + icon + colour, so colour is never the only carrier of a status.
import type { ItemStatus } from '../../analysis/checklist/types';

export type ChipTone = 'ok' | 'warn' | 'bad' | 'muted' | 'info';

export const ITEM_STATUS: Record<ItemStatus, { text: string; icon: string; tone: ChipTone }> = {
  matched: { text: 'Matched', icon: '✓', tone: 'ok' },
  'not-found': { text: 'Not found', icon: '✗', tone: 'bad' },
  'not-collected': { text: 'Not collected', icon: '∅', tone: 'muted' },
  'rolled-over': { text: 'Rolled over', icon: '↻', tone: 'warn' },
};

export function Chip({
  tone,
  icon,
  text,
  title,
}: {
  tone: ChipTone;
  icon: string;
  text: string;
  title?: string;
}) {
  return (
    <span className={`tlv-chip tlv-chip-${tone}`} title={title}>
      <span aria-hidden="true" className="tlv-chip-icon">
        {icon}
      </span>
      {text}
    </span>
  );
}

export function StatusChip({ status }: { status: ItemStatus }) {
  const s = ITEM_STATUS[status] ?? { text: status, icon: '?', tone: 'muted' as const };
  return <Chip tone={s.tone} icon={s.icon} text={s.text} />;
}
