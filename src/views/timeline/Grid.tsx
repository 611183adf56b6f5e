// The timeline grid: TanStack Table v9 for columns (sizing, resizing, visibility) and a
// fixed-row-height virtualizer: the visible range is arithmetic on the scroll offset, so nothing
// is allocated per row of the list (5M rows cost what 50 do). Data is a Uint32Array of row ids;
// only the rows on screen become objects. Very long lists scale the scroll offset so the spacer
// stays below browser limits. An ARIA grid on divs (not a <table>): the rows sit in one layer
// that slides, which a table's row groups cannot hold.
import {
  type ColumnDef,
  columnResizingFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import {
  type KeyboardEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { CaseFile, HostRegistry } from '../../model/case';
import type { EventsTable } from '../../model/events-table';
import type { TimeZoneName } from '../contract';
import { hostLabel } from '../shared/case-cache';
import { artifactName } from '../../model/artifact';
import { basename, formatCount } from '../../model/text';
import { formatGridTime, zoneLabel } from '../shared/time';

export const ROW_HEIGHT = 26;
/** Rows rendered above and below the visible ones. */
const OVERSCAN = 12;
/** Rows are placed relative to the start of their block of this many positions. */
const ROW_BLOCK = 1024;
/** Height of the sticky header row that covers the top of the scroll area (px). */
const HEADER_PX = 30;
/** Largest spacer height in CSS px; beyond it the scroll offset is scaled. */
const MAX_SCROLL_PX = 8_000_000;

const features = tableFeatures({ columnSizingFeature, columnResizingFeature, columnVisibilityFeature });
type Features = typeof features;

export interface GridRow {
  /** Position in the current row list. */
  pos: number;
  /** Row id in the events table. */
  row: number;
}

export interface GridContext {
  table: EventsTable;
  files: CaseFile[];
  hosts: HostRegistry;
  timeZone: TimeZoneName;
  /** Case version, so in-place changes (host renames) re-render cells. */
  version: number;
}

/** Longest text a grid cell lays out; the detail pane shows the whole value. */
export const CELL_MAX_CHARS = 300;

/** A cell is one line clipped by CSS; laying out megabytes of text per frame made scrolling stall. */
export function clipCell(s: string): string {
  return s.length > CELL_MAX_CHARS ? `${s.slice(0, CELL_MAX_CHARS)}…` : s;
}

const helper = createColumnHelper<Features, GridRow>();

function makeColumns(ctx: GridContext): ColumnDef<Features, GridRow, unknown>[] {
  const t = ctx.table;
  return [
    helper.display({
      id: 'time',
      header: `Time (${zoneLabel(ctx.timeZone)})`,
      size: 200,
      minSize: 120,
      enableHiding: false,
      cell: (c) => formatGridTime(t.timeMs[c.row.original.row], ctx.timeZone),
    }),
    helper.display({
      id: 'host',
      header: 'Host',
      size: 110,
      minSize: 60,
      cell: (c) => hostLabel(ctx.hosts, t.host[c.row.original.row]),
    }),
    helper.display({
      id: 'artifact',
      header: 'Artifact',
      size: 80,
      minSize: 50,
      cell: (c) => artifactName(t.artifact[c.row.original.row]),
    }),
    helper.display({
      id: 'source',
      header: 'Channel / source',
      size: 170,
      minSize: 60,
      cell: (c) => clipCell(t.strings[t.source[c.row.original.row]]),
    }),
    helper.display({
      id: 'event',
      header: 'Event',
      size: 190,
      minSize: 60,
      cell: (c) => {
        const r = c.row.original.row;
        const id = t.eventId[r];
        const label = t.strings[t.label[r]];
        return clipCell(id >= 0 ? `${id} ${label}` : label);
      },
    }),
    helper.display({
      id: 'summary',
      header: 'Summary',
      size: 560,
      minSize: 100,
      enableHiding: false,
      cell: (c) => clipCell(t.strings[t.summary[c.row.original.row]]),
    }),
    helper.display({
      id: 'file',
      header: 'Source file',
      size: 220,
      minSize: 60,
      cell: (c) => {
        const path = ctx.files[t.file[c.row.original.row]]?.path ?? '';
        return basename(path) || path;
      },
    }),
  ];
}

export interface GridProps {
  ctx: GridContext;
  rows: Uint32Array;
  selected: number;
  highlight: number;
  onSelect: (pos: number) => void;
  onOpen: (pos: number) => void;
  /** Bumped to ask the grid to scroll the selected position into view. */
  scrollRequest: number;
  label: string;
}

export function Grid({ ctx, rows, selected, highlight, onSelect, onOpen, scrollRequest, label }: GridProps) {
  const columns = useMemo(() => makeColumns(ctx), [ctx]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = rows.length;
  const virtualTotal = count * ROW_HEIGHT;
  const physicalTotal = Math.min(virtualTotal, MAX_SCROLL_PX);
  const [viewH, setViewH] = useState(600);
  // The scroll position in unscaled px (rows × ROW_HEIGHT). A very long list scales its
  // scrollbar (physical px × scale), but the wheel moves this offset itself, so it steps rows
  // as in a short list instead of jumping `scale` times as far.
  const [offset, setOffset] = useState(0);
  // The window is sticky under the header and as tall as the visible area; the grid's height
  // provides the scroll range. Rows sit in a layer inside it that slides to the scroll position,
  // so a scaled scroll (very long lists) moves nothing but the rows on screen.
  const bodyH = Math.max(ROW_HEIGHT, viewH - HEADER_PX);
  const scale =
    virtualTotal > physicalTotal
      ? Math.max(1, (virtualTotal - bodyH) / Math.max(1, physicalTotal - bodyH))
      : 1;
  const maxOffset = Math.max(0, virtualTotal - bodyH);
  const scrollOffset = Math.min(offset, maxOffset);
  const first = Math.max(0, Math.floor(scrollOffset / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollOffset + bodyH) / ROW_HEIGHT) + OVERSCAN);
  // What the listeners need without re-subscribing: the scale, the offset, and the physical
  // scrollTop the grid set itself (its scroll event keeps the unscaled offset).
  const live = useRef({ scale, maxOffset, offset: 0, ownTop: -1 });
  live.current.scale = scale;
  live.current.maxOffset = maxOffset;

  /** Moves to unscaled offset `v`: the scrollbar follows, scaled. */
  const moveTo = useCallback((v: number) => {
    const el = scrollRef.current;
    const l = live.current;
    const next = Math.max(0, Math.min(l.maxOffset, v));
    l.offset = next;
    setOffset(next);
    if (el) {
      el.scrollTop = next / l.scale;
      l.ownTop = el.scrollTop;
    }
  }, []);

  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    const l = live.current;
    const onScroll = () => {
      const top = el.scrollTop;
      // A scroll the grid made itself keeps its unscaled offset (scrollTop rounds it).
      if (l.ownTop >= 0 && Math.abs(top - l.ownTop) < 1) return;
      l.ownTop = -1;
      l.offset = top * l.scale;
      setOffset(l.offset);
    };
    const onWheel = (e: WheelEvent) => {
      if (l.scale <= 1 || e.ctrlKey || e.shiftKey || e.deltaY === 0) return;
      e.preventDefault();
      const unit = e.deltaMode === 1 ? ROW_HEIGHT : e.deltaMode === 2 ? el.clientHeight : 1;
      if (e.deltaX) el.scrollLeft += e.deltaX * unit;
      moveTo(Math.min(l.offset, l.maxOffset) + e.deltaY * unit);
    };
    const onResize = () => setViewH(el.clientHeight || 600);
    onResize();
    onScroll();
    el.addEventListener('scroll', onScroll, { passive: true });
    el.addEventListener('wheel', onWheel, { passive: false });
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(onResize) : null;
    ro?.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      el.removeEventListener('wheel', onWheel);
      ro?.disconnect();
    };
  }, [moveTo]);

  const scrollToIndex = useCallback(
    (i: number) => {
      const top = i * ROW_HEIGHT;
      const at = Math.min(live.current.offset, live.current.maxOffset);
      if (top < at) moveTo(top);
      else if (top + ROW_HEIGHT > at + bodyH) moveTo(top + ROW_HEIGHT - bodyH);
    },
    [bodyH, moveTo],
  );

  const data = useMemo(() => {
    const out: GridRow[] = [];
    for (let i = first; i <= last && i < rows.length; i++) out.push({ pos: i, row: rows[i] });
    return out;
  }, [rows, first, last]);

  const table = useTable({
    features,
    columns,
    data,
    columnResizeMode: 'onChange',
    getRowId: (r) => String(r.row),
  });

  useEffect(() => {
    if (scrollRequest > 0 && selected >= 0 && selected < count) scrollToIndex(selected);
  }, [scrollRequest, selected, count, scrollToIndex]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!count) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    let next = selected;
    switch (e.key) {
      case 'ArrowDown':
        next = Math.min(count - 1, selected + 1);
        break;
      case 'ArrowUp':
        next = Math.max(0, selected - 1);
        break;
      case 'PageDown':
        next = Math.min(count - 1, selected + page);
        break;
      case 'PageUp':
        next = Math.max(0, selected - page);
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = count - 1;
        break;
      case 'Enter':
      case ' ':
        if (selected >= 0) onOpen(selected);
        e.preventDefault();
        return;
      default:
        return;
    }
    e.preventDefault();
    if (next < 0) next = 0;
    onSelect(next);
    scrollToIndex(next);
  };

  const totalWidth = table.getTotalSize();
  const headerGroups = table.getHeaderGroups();
  const modelRows = table.getRowModel().rows;
  // Rows are placed from the start of their block of ROW_BLOCK positions; the layer they sit in
  // slides by the rest of the offset.
  const base = first - (first % ROW_BLOCK);

  return (
    <div className="tlv-grid">
      <div className="tlv-toolbar tlv-noprint" style={{ padding: '4px 6px' }}>
        <details className="tlv-menu">
          <summary>Columns</summary>
          <div>
            {table.getAllLeafColumns().map((col) => (
              <label key={col.id}>
                <input
                  type="checkbox"
                  checked={col.getIsVisible()}
                  disabled={!col.getCanHide()}
                  onChange={(e) => col.toggleVisibility(e.target.checked)}
                />{' '}
                {typeof col.columnDef.header === 'string' ? col.columnDef.header : col.id}
              </label>
            ))}
            <button type="button" onClick={() => table.resetColumnSizing(true)}>
              Reset widths
            </button>
          </div>
        </details>
        <span className="tlv-muted">
          {formatCount(count)} rows · click a row or use the arrow keys and Enter
        </span>
      </div>
      <div ref={scrollRef} className="tlv-grid-body">
        {/* biome-ignore lint/a11y/useSemanticElements: a virtualised grid: its rows slide inside one layer, which a table's row groups cannot hold */}
        <div
          className="tlv-grid-table"
          role="grid"
          tabIndex={0}
          onKeyDown={onKeyDown}
          aria-label={`${label}; arrow keys move the selection, Enter opens the detail`}
          aria-rowcount={count + 1}
          aria-colcount={headerGroups[0]?.headers.length ?? 0}
          aria-activedescendant={
            selected >= first && selected <= last && selected >= 0 ? `tlv-row-${selected}` : undefined
          }
          style={{ width: totalWidth, height: HEADER_PX + physicalTotal }}
        >
          {/* biome-ignore lint/a11y/useSemanticElements: see the grid above */}
          <div className="tlv-grid-head" role="rowgroup">
            {/* biome-ignore lint/a11y: grid row pattern; the grid holds the focus (aria-activedescendant) */}
            <div className="tlv-grid-headrow" role="row" aria-rowindex={1}>
              {headerGroups[0]?.headers.map((h) => (
                // biome-ignore lint/a11y: grid cell pattern; the grid holds the focus (aria-activedescendant)
                <div key={h.id} className="tlv-hcell" role="columnheader" style={{ width: h.getSize() }}>
                  <table.FlexRender header={h} />
                  {h.column.getCanResize() && (
                    // biome-ignore lint/a11y/noStaticElementInteractions: pointer-only resize handle; widths also reset from the Columns menu
                    <div
                      className={`tlv-resizer${h.column.getIsResizing() ? ' tlv-resizing' : ''}`}
                      onMouseDown={h.getResizeHandler()}
                      onTouchStart={h.getResizeHandler()}
                      onDoubleClick={() => h.column.resetSize()}
                      title="Drag to resize, double-click to reset"
                    />
                  )}
                </div>
              ))}
            </div>
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: see the grid above */}
          <div
            className="tlv-grid-window"
            role="rowgroup"
            style={{ height: Math.min(bodyH, Math.max(physicalTotal, 1)) }}
          >
            {/* Rows keep their place in the layer while it slides, so a wheel step restyles only
                the rows that enter (one layer transform instead of one per row). */}
            <div
              className="tlv-grid-slide"
              style={{ transform: `translateY(${-Math.round(scrollOffset - base * ROW_HEIGHT)}px)` }}
            >
              {modelRows.map((m) => {
                const pos = m.original.pos;
                return (
                  // biome-ignore lint/a11y: grid row pattern; the grid holds the focus and handles the keys
                  <div
                    key={m.id}
                    id={`tlv-row-${pos}`}
                    role="row"
                    aria-rowindex={pos + 2}
                    aria-selected={pos === selected}
                    className={`tlv-grid-row${m.original.row === highlight ? ' tlv-highlight' : ''}`}
                    data-row={m.original.row}
                    style={{ transform: `translateY(${(pos - base) * ROW_HEIGHT}px)`, width: totalWidth }}
                    onClick={() => onSelect(pos)}
                    onDoubleClick={() => onOpen(pos)}
                  >
                    {m.getVisibleCells().map((cell) => (
                      // biome-ignore lint/a11y: grid cell pattern; the grid holds the focus (aria-activedescendant)
                      <div
                        key={cell.id}
                        className="tlv-cell"
                        role="gridcell"
                        style={{ width: cell.column.getSize() }}
                      >
                        <table.FlexRender cell={cell} />
                      </div>
                    ))}
                  </div>
                );
              })}
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
