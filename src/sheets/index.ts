// Registry of tool sheets by id. A new sheet is one data file plus one line here.
import { NMAP_SHEET } from './nmap';
import { PING_SHEET } from './ping';
import type { ToolSheet } from './types';

export const SHEETS: Record<string, ToolSheet> = {
  [NMAP_SHEET.id]: NMAP_SHEET,
  [PING_SHEET.id]: PING_SHEET,
};

export const DEFAULT_SHEET_ID = NMAP_SHEET.id;

export type { SheetItem, ToolSheet } from './types';
export { NMAP_SHEET, PING_SHEET };
