// The app shell: header with the case summary, the four areas as tabs, ingest (drop anywhere,
// file and folder pickers, progress, report) and the empty state. The CaseStore lives in the
// controller (a ref); React state holds its `version`, which every view uses as its memo key.
import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type DroppedFile, entriesFromDrop, walkEntries } from '../ingest/folder-walk';
import type { CaseActions, CaseView, Navigate, TabId, TimelineFocus, TimeZoneName } from '../views/contract';
import { ChecklistView } from '../views/checklist';
import { FilesHostsView } from '../views/files-hosts';
import { HeatmapView } from '../views/heatmap';
import { useAnalysisSync } from '../views/shared/use-analysis';
import { TimelineView } from '../views/timeline';
import { CaseController } from './case-controller';
import { createWorker } from '../workers/create-worker';
import { DropZone } from './drop-zone';
import { EmptyState } from './empty-state';
import { Header } from './header';
import { IngestReport, OverallProgress } from './ingest-panel';
import { TabBar, TABS } from './tab-bar';
import { useTheme } from './theme';

/** Large file lists re-render at most every THROTTLE_BIG_LIST_MS while files load. */
const THROTTLE_BIG_LIST_MS = 2000;
const BIG_LIST_FILES = 500;

/** `value`, updated at most every `ms` (immediately when `ms` is 0). */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    const wait = ms > 0 ? Math.max(0, last.current + ms - Date.now()) : 0;
    if (wait === 0) {
      last.current = Date.now();
      setShown(value);
      return;
    }
    const t = setTimeout(() => {
      last.current = Date.now();
      setShown(value);
    }, wait);
    return () => clearTimeout(t);
  }, [value, ms]);
  return ms > 0 ? shown : value;
}

function NothingLoaded({ onGo }: { onGo: () => void }) {
  return (
    <section className="placeholder" aria-label="Nothing loaded">
      <h2>Nothing loaded yet</h2>
      <p>Drop event logs, Prefetch files, a $MFT or a $J anywhere on this page, or load the demo case.</p>
      <button type="button" className="primary" onClick={onGo}>
        Go to Files &amp; Hosts
      </button>
    </section>
  );
}

export function App() {
  const controllerRef = useRef<CaseController | null>(null);
  if (!controllerRef.current) controllerRef.current = new CaseController(createWorker);
  const controller = controllerRef.current;
  const store = controller.store;
  const [version, setVersion] = useState(store.version);
  const [tab, setTab] = useState<TabId>('files');
  const [focus, setFocus] = useState<TimelineFocus | null>(null);
  const [timeZone, setTimeZone] = useState<TimeZoneName>('UTC');
  const [theme, toggleTheme] = useTheme();
  const [walking, setWalking] = useState<number | null>(null);
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    // A transition: React renders the views in slices and the page keeps answering input.
    const off = controller.subscribe(() => startTransition(() => setVersion(controller.store.version)));
    return () => {
      off();
    };
  }, [controller]);
  useEffect(() => () => controller.dispose(), [controller]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the memo key of the case
  const caseView: CaseView = useMemo(
    () => ({
      version,
      table: store.table,
      files: store.files,
      hosts: store.hosts,
      evaluation: controller.evaluation,
      toolNames: controller.toolNames,
    }),
    [version],
  );
  useAnalysisSync(caseView);

  const busyBigList = controller.progress.running && store.files.length > BIG_LIST_FILES;
  const filesView = useThrottled(caseView, busyBigList ? THROTTLE_BIG_LIST_MS : 0);

  const actions: CaseActions = useMemo(
    () => ({
      cancelFile: (id) => controller.cancelFile(id),
      retryFile: (id) => controller.retryFile(id),
      renameHost: (id, name) => controller.renameHost(id, name),
      mergeHosts: (from, into) => controller.mergeHosts(from, into),
      assignFile: (file, host) => controller.assignFile(file, host),
      setToolNames: (names) => controller.setToolNames(names),
      loadRecordDetail: (row) => controller.loadRecordDetail(row),
      addFiles: (files) => controller.addFiles(files),
      loadDemo: (variant) => {
        void controller.loadDemo(variant);
      },
    }),
    [controller],
  );

  const navigate: Navigate = useCallback((t, f) => {
    setTab(t);
    if (f) setFocus(f);
  }, []);

  const addFiles = useCallback((files: DroppedFile[]) => controller.addFiles(files), [controller]);

  // Drops are accepted anywhere on the page: window listeners see every drag that bubbles up.
  useEffect(() => {
    let depth = 0;
    const hasFiles = (e: DragEvent) => !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
    const onEnter = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      depth++;
      setDragging(true);
    };
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = () => {
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (e: DragEvent) => {
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const dt = e.dataTransfer;
      if (!dt) return;
      const { entries, loose } = entriesFromDrop(dt.items, dt.files);
      if (loose.length > 0) controller.addFiles(loose);
      if (entries.length === 0) return;
      setWalking(0);
      let last = 0;
      void walkEntries(entries, (n) => {
        if (n - last >= 100) {
          last = n;
          setWalking(n);
        }
      }).then((r) => {
        setWalking(null);
        controller.addFiles(r.files);
        controller.addProblems(r.problems);
      });
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [controller]);

  const empty = store.files.length === 0;
  /** What every view gets; the files view gets the throttled case. */
  const shared = { caseView, actions, onNavigate: navigate };
  const tabLabel = TABS.find((t) => t.id === tab)?.label ?? '';

  return (
    <div className={dragging ? 'app dragging' : 'app'} data-testid="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header
        caseView={caseView}
        timeZone={timeZone}
        onTimeZone={setTimeZone}
        theme={theme}
        onToggleTheme={toggleTheme}
      />
      <TabBar tab={tab} onTab={setTab} />
      <OverallProgress controller={controller} />
      {controller.analysisError && (
        <p className="error-text banner" role="alert">
          {controller.analysisError}
        </p>
      )}
      <main id="main" className="app-main" tabIndex={-1}>
        <div
          role="tabpanel"
          id={`panel-${tab}`}
          aria-labelledby={`tab-${tab}`}
          aria-label={tabLabel}
          className="panel"
        >
          {tab === 'files' && (
            <>
              <DropZone onFiles={addFiles} walking={walking} compact={!empty} />
              {empty ? (
                <EmptyState controller={controller} />
              ) : (
                <>
                  <IngestReport controller={controller} />
                  <FilesHostsView {...shared} caseView={filesView} />
                </>
              )}
            </>
          )}
          {tab !== 'files' && empty && <NothingLoaded onGo={() => setTab('files')} />}
          {tab === 'timeline' && !empty && <TimelineView {...shared} focus={focus} timeZone={timeZone} />}
          {tab === 'heatmap' && !empty && <HeatmapView {...shared} timeZone={timeZone} />}
          {tab === 'checklist' && !empty && <ChecklistView {...shared} />}
        </div>
      </main>
      <div className="drag-overlay" aria-hidden="true">
        <p>Drop to add to the case</p>
      </div>
      <footer className="app-footer">
        <span>TraceLens runs entirely in this tab: no network, no upload.</span>
      </footer>
    </div>
  );
}
