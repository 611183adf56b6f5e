// "Export" control: one button per format. A running export shows its progress and can be
// cancelled; a failure is said in words next to the buttons.
import { useRef, useState } from 'react';
import { saveBlob } from './export-file';

export interface ExportFormat {
  /** Button text, e.g. "CSV". */
  label: string;
  /** What the button exports, for its accessible name ("Export the 1,234 rows as CSV"). */
  description: string;
  fileName: () => string;
  build: (signal: AbortSignal, onProgress: (done: number, total: number) => void) => Promise<Blob | null>;
}

export function ExportMenu({ formats, disabled }: { formats: ExportFormat[]; disabled?: boolean }) {
  const [state, setState] = useState<{ label: string; percent: number } | null>(null);
  const [message, setMessage] = useState('');
  const running = useRef<AbortController | null>(null);
  const run = async (f: ExportFormat) => {
    running.current?.abort();
    const c = new AbortController();
    running.current = c;
    setMessage('');
    setState({ label: f.label, percent: 0 });
    try {
      const blob = await f.build(c.signal, (done, total) =>
        setState({ label: f.label, percent: total ? Math.round((done / total) * 100) : 100 }),
      );
      if (blob) {
        const name = f.fileName();
        saveBlob(blob, name);
        setMessage(`Saved ${name}`);
      } else setMessage('Export cancelled');
    } catch (e) {
      setMessage(`Export failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      if (running.current === c) running.current = null;
      setState(null);
    }
  };
  return (
    <fieldset className="tlv-export tlv-noprint" aria-label="Export" data-testid="export-menu">
      <span className="tlv-muted">Export</span>
      {formats.map((f) => (
        <button
          key={f.label}
          type="button"
          onClick={() => void run(f)}
          disabled={disabled || state !== null}
          aria-label={f.description}
          title={f.description}
        >
          {f.label}
        </button>
      ))}
      {state ? (
        <>
          <progress max={100} value={state.percent} aria-label={`Exporting ${state.label}`} />
          <button type="button" onClick={() => running.current?.abort()}>
            Cancel
          </button>
        </>
      ) : null}
      {message ? (
        <span className="tlv-muted" role="status" data-testid="export-status">
          {message}
        </span>
      ) : null}
    </fieldset>
  );
}
