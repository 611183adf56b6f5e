// Fallback host management used until src/views/files-hosts exists: rename, merge, assign.
import { useState } from 'react';
import { UNASSIGNED } from '../model/case';
import type { CaseActions, CaseView } from '../views/contract';

export function HostsPanel({ caseView, actions }: { caseView: CaseView; actions: CaseActions }) {
  const hosts = caseView.hosts.active();
  const [names, setNames] = useState<Record<number, string>>({});
  const unassigned = caseView.files.filter((f) => f.host === UNASSIGNED && f.artifact);
  return (
    <section className="hosts-panel" aria-labelledby="hosts-title">
      <h2 id="hosts-title">Hosts</h2>
      {hosts.length === 0 && (
        <p className="note">No host names yet: they come from EVTX Computer or folder names.</p>
      )}
      <ul className="host-list">
        {hosts.map((h) => (
          <li key={h.id}>
            <form
              onSubmit={(e) => {
                e.preventDefault();
                actions.renameHost(h.id, names[h.id] ?? h.name);
              }}
            >
              <label>
                <span className="sr-only">Name of host {h.name}</span>
                <input
                  value={names[h.id] ?? h.name}
                  onChange={(e) => setNames({ ...names, [h.id]: e.target.value })}
                />
              </label>
              <button type="submit" className="small">
                Rename
              </button>
              {hosts.length > 1 && (
                <label>
                  <span className="sr-only">Merge {h.name} into</span>
                  <select
                    value=""
                    onChange={(e) => e.target.value && actions.mergeHosts(h.id, Number(e.target.value))}
                  >
                    <option value="">Merge into…</option>
                    {hosts
                      .filter((o) => o.id !== h.id)
                      .map((o) => (
                        <option key={o.id} value={o.id}>
                          {o.name}
                        </option>
                      ))}
                  </select>
                </label>
              )}
            </form>
          </li>
        ))}
      </ul>
      {unassigned.length > 0 && hosts.length > 0 && (
        <>
          <h3>Unassigned files</h3>
          <ul className="host-list">
            {unassigned.map((f) => (
              <li key={f.id}>
                <span className="path">{f.path}</span>
                <label>
                  <span className="sr-only">Assign {f.path} to host</span>
                  <select
                    value=""
                    onChange={(e) => e.target.value && actions.assignFile(f.id, Number(e.target.value))}
                  >
                    <option value="">Assign to…</option>
                    {hosts.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
