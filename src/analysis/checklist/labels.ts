// How the checklist names a log, an item and an artifact in its reasons and coverage lines.
import type { SheetItem } from '../../sheets/types';

export function logLabel(log: string): string {
  return log.replace(/^Microsoft-Windows-/, '').replace(/\/Operational$/, '');
}

export function itemLabel(item: SheetItem): string {
  return item.eventId !== null ? `${logLabel(item.log)} ${item.eventId}` : artifactName(item);
}

export function artifactName(item: SheetItem): string {
  if (item.artifact === 'usn') return 'USN journal ($J)';
  if (item.artifact === 'mft') return '$MFT';
  if (item.artifact === 'prefetch') return 'Prefetch file';
  return `${logLabel(item.log)} log`;
}
