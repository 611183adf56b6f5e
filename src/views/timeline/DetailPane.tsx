// Detail of one row: every field raw and rendered (%% codes decoded), copy buttons, and the
// record's full XML / decoded record loaded on demand from its file. All values render as text.
import { useState } from 'react';
import { ARTIFACT_EVTX, ARTIFACT_MFT, ARTIFACT_USN, artifactName } from '../../model/artifact';
import { rowFields } from '../../model/events-table';
import { isoFromParts } from '../../model/time-text';
import type { CaseActions } from '../contract';
import { CopyButton } from '../shared/CopyButton';
import { hostLabel } from '../shared/case-cache';
import { renderValue } from '../shared/render-value';
import { formatFullTime } from '../shared/time';
import type { GridContext } from './Grid';

export interface DetailPaneProps {
  ctx: GridContext;
  row: number;
  actions: CaseActions;
  onClose: () => void;
}

export function DetailPane({ ctx, row, actions, onClose }: DetailPaneProps) {
  const t = ctx.table;
  const [record, setRecord] = useState<{ row: number; text: string; error: string } | null>(null);
  const [loading, setLoading] = useState(false);
  if (row < 0 || row >= t.length) return null;
  const fields = rowFields(t, row);
  const artifact = artifactName(t.artifact[row]);
  const file = ctx.files[t.file[row]];
  const head: [string, string][] = [
    ['Time', formatFullTime(t.timeMs[row], t.tick[row], ctx.timeZone)],
    ['Time (UTC ISO)', isoFromParts(t.timeMs[row], t.tick[row])],
    ['Host', hostLabel(ctx.hosts, t.host[row])],
    ['Artifact', artifact],
    ['Channel / source', t.strings[t.source[row]]],
    ['Event', t.eventId[row] >= 0 ? `${t.eventId[row]} ${t.strings[t.label[row]]}` : t.strings[t.label[row]]],
    ['Computer', t.strings[t.computer[row]]],
    ['Summary', t.strings[t.summary[row]]],
    ['Source file', file?.path ?? ''],
    [
      t.artifact[row] === ARTIFACT_EVTX
        ? 'Record id'
        : t.artifact[row] === ARTIFACT_MFT
          ? 'MFT entry'
          : t.artifact[row] === ARTIFACT_USN
            ? 'USN'
            : 'Run',
      String(t.ref[row]),
    ],
    ['Offset', `0x${t.offset[row].toString(16)}`],
  ];
  const load = async () => {
    setLoading(true);
    try {
      const text = await actions.loadRecordDetail(row);
      setRecord({ row, text, error: '' });
    } catch (e) {
      setRecord({ row, text: '', error: e instanceof Error ? e.message : String(e) });
    } finally {
      setLoading(false);
    }
  };
  const json = JSON.stringify({ ...Object.fromEntries(head), fields }, null, 2);
  return (
    <aside className="tlv-detail" aria-label="Event detail">
      <div className="tlv-toolbar" style={{ justifyContent: 'space-between' }}>
        <h3 style={{ margin: 0 }}>Event detail</h3>
        <span>
          <CopyButton text={json} label="all fields as JSON" />{' '}
          <button type="button" onClick={onClose} aria-label="Close detail">
            Close
          </button>
        </span>
      </div>
      <dl>
        {head.map(([k, v]) => (
          <Entry key={k} name={k} raw={v} rendered={v} />
        ))}
      </dl>
      <h3>Fields ({Object.keys(fields).length})</h3>
      <dl>
        {Object.entries(fields).map(([k, v]) => (
          <Entry key={k} name={k} raw={v} rendered={renderValue(k, v)} />
        ))}
      </dl>
      <h3>{t.artifact[row] === ARTIFACT_EVTX ? 'Record XML' : 'Full record'}</h3>
      {record && record.row === row ? (
        record.error ? (
          <p role="alert">Could not load the record: {record.error}</p>
        ) : (
          <>
            <CopyButton text={record.text} label="record" />
            <pre className="tlv-mono" data-testid="record-xml">
              {record.text}
            </pre>
          </>
        )
      ) : (
        <button type="button" onClick={load} disabled={loading}>
          {loading ? 'Loading…' : t.artifact[row] === ARTIFACT_EVTX ? 'Load record XML' : 'Load full record'}
        </button>
      )}
    </aside>
  );
}

function Entry({ name, raw, rendered }: { name: string; raw: string; rendered: string }) {
  return (
    <>
      <dt>{name}</dt>
      <dd>
        <span className="tlv-mono">{raw}</span>
        {rendered !== raw && (
          <>
            {' '}
            <span className="tlv-rendered">→ {rendered}</span>
          </>
        )}{' '}
        {raw && <CopyButton text={raw} label={name} />}
      </dd>
    </>
  );
}
