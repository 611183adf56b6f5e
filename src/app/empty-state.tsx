// What to drop, where those files live on a Windows host, and the built-in demo case.
import { useState } from 'react';
import { DEMO_VARIANTS } from '../writers/scenario/demo-scenario';
import type { CaseController } from './case-controller';

export function DemoControls({ controller }: { controller: CaseController }) {
  const [variant, setVariant] = useState(DEMO_VARIANTS[0]?.id ?? 'default');
  const [busy, setBusy] = useState<'' | 'load' | 'download'>('');
  const [message, setMessage] = useState('');
  const chosen = variant;
  const available = DEMO_VARIANTS.length > 0;
  const described = DEMO_VARIANTS.find((v) => v.id === chosen);
  const load = async () => {
    setBusy('load');
    setMessage('');
    const err = await controller.loadDemo(chosen);
    setBusy('');
    if (err) setMessage(`Demo case could not be generated: ${err}`);
  };
  const download = async () => {
    setBusy('download');
    setMessage('');
    const r = await controller.demoZip(chosen);
    setBusy('');
    if (typeof r === 'string') {
      setMessage(`Demo files could not be generated: ${r}`);
      return;
    }
    const url = URL.createObjectURL(r);
    const a = document.createElement('a');
    a.href = url;
    a.download = `tracelens-demo-${chosen}.zip`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <section className="demo" aria-labelledby="demo-title" data-testid="demo">
      <h2 id="demo-title">No files at hand?</h2>
      <p>
        The demo case is generated in your browser: a small network with an nmap scan, written as real EVTX,
        Prefetch, $MFT and $J files.
      </p>
      <div className="demo-controls">
        <label>
          <span>Variant</span>
          <select value={chosen} onChange={(e) => setVariant(e.target.value)} data-testid="demo-variant">
            {DEMO_VARIANTS.map((v) => (
              <option key={v.id} value={v.id}>
                {v.title}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={!available || busy !== ''}
          onClick={load}
          data-testid="load-demo"
        >
          {busy === 'load' ? 'Generating…' : 'Load demo case'}
        </button>
        <button
          type="button"
          disabled={!available || busy !== ''}
          onClick={download}
          data-testid="download-demo"
        >
          {busy === 'download' ? 'Zipping…' : 'Download demo files'}
        </button>
      </div>
      {described && (
        <p className="note" data-testid="demo-description">
          {described.description}
        </p>
      )}
      {message && (
        <p className="error-text" role="alert">
          {message}
        </p>
      )}
    </section>
  );
}

export function EmptyState({ controller }: { controller: CaseController }) {
  return (
    <div className="empty-state" data-testid="empty-state">
      <section aria-labelledby="what-title" className="what-to-drop">
        <h2 id="what-title">What to drop</h2>
        <p>
          Copies of these files from one or more Windows hosts. Detection is by content, so names do not
          matter; whole KAPE or Velociraptor collection folders or zips work, and each file takes its host
          from the folder structure (<code>HOST/C/…</code>, <code>Collection-HOST-…</code>) or from the event
          log itself.
        </p>
        <dl className="where">
          <div>
            <dt>Event logs (EVTX)</dt>
            <dd>
              <code>C:\Windows\System32\winevt\Logs\*.evtx</code> — Security, System, Sysmon (
              <code>Microsoft-Windows-Sysmon%4Operational.evtx</code>), Windows Firewall …
            </dd>
          </div>
          <div>
            <dt>Prefetch</dt>
            <dd>
              <code>C:\Windows\Prefetch\*.pf</code> (plain and Windows 10/11 MAM-compressed)
            </dd>
          </div>
          <div>
            <dt>$MFT</dt>
            <dd>
              <code>C:\$MFT</code> — a locked NTFS metadata file: copy it with KAPE, FTK Imager or
              Velociraptor
            </dd>
          </div>
          <div>
            <dt>USN journal</dt>
            <dd>
              <code>C:\$Extend\$UsnJrnl:$J</code> — the <code>$J</code> data stream, also collected with KAPE,
              FTK Imager or Velociraptor (a leading run of zeros is normal)
            </dd>
          </div>
        </dl>
      </section>
      <DemoControls controller={controller} />
    </div>
  );
}
