import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_CODE } from '../../../model/artifact';
import { PARSERS } from '../../../parsers/registry';
import { type ArtifactKind, memorySource } from '../../../parsers/types';
import { loadFilesIntoStore } from '../../../testing/load-store';
import { readRfc4180 } from '../../../testing/rfc4180';
import { requireOrSkip, SAMPLES, sampleBytes } from '../../../testing/samples';
import { ezField, ezTimeFromIso } from './cell';
import { EZ_FILES } from './columns';
import { mapEvtx } from './evtx-map';
import { EZ_EOL, EzCsvSet, type EzFileKind, ezFileName } from './index';
import { EZ_APP_EMPTY, EzTableRows } from './table-rows';

// The header lines as the tools write them (EvtxECmd, MFTECmd $MFT and $J, PECmd and its
// timeline), read from their class maps; see columns.ts for the sources.
const DOCUMENTED: Record<EzFileKind, string> = {
  evtx: 'RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,PayloadData1,PayloadData2,PayloadData3,PayloadData4,PayloadData5,PayloadData6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload',
  mft: 'EntryNumber,SequenceNumber,InUse,ParentEntryNumber,ParentSequenceNumber,ParentPath,FileName,Extension,FileSize,ReferenceCount,ReparseTarget,IsDirectory,HasAds,IsAds,SI<FN,uSecZeros,Copied,SiFlags,NameType,Created0x10,Created0x30,LastModified0x10,LastModified0x30,LastRecordChange0x10,LastRecordChange0x30,LastAccess0x10,LastAccess0x30,UpdateSequenceNumber,LogfileSequenceNumber,SecurityId,ObjectIdFileDroid,LoggedUtilStream,ZoneIdContents,SourceFile',
  usn: 'Name,Extension,EntryNumber,SequenceNumber,ParentEntryNumber,ParentSequenceNumber,ParentPath,UpdateSequenceNumber,UpdateTimestamp,UpdateReasons,FileAttributes,OffsetToData,SourceFile',
  prefetch:
    'Note,SourceFilename,SourceCreated,SourceModified,SourceAccessed,ExecutableName,Hash,Size,Version,RunCount,LastRun,PreviousRun0,PreviousRun1,PreviousRun2,PreviousRun3,PreviousRun4,PreviousRun5,PreviousRun6,Volume0Name,Volume0Serial,Volume0Created,Volume1Name,Volume1Serial,Volume1Created,Directories,FilesLoaded,ParsingError',
  prefetchTimeline: 'RunTime,ExecutableName',
};
const EZ_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{7}$/;

const SAMPLE_FILES: [ArtifactKind, string][] = [
  ['evtx', 'evtx/evtx-attack-samples__DE_RDP_Tunnel_5156.evtx'],
  ['evtx', 'evtx/evtx-attack-samples__PanacheSysmon_vs_AtomicRedTeam01.evtx'],
  ['mft', 'mft/dfir_ntfs__4k-large.mft'],
  ['usn', 'usn/ez__record.usn'],
  ['prefetch', 'prefetch/ez-Win10__CALC.EXE-3FBEF7FD.pf'],
];

const haveSamples = () =>
  requireOrSkip(
    '../shared/samples',
    SAMPLE_FILES.every(([, p]) => existsSync(join(SAMPLES, p))),
  );

/** An EzCsvSet writing to memory; `files()` reads each file back as RFC 4180 rows. */
function memorySet(): { set: EzCsvSet; files: () => Map<EzFileKind, string[][]> } {
  const text = new Map<EzFileKind, string>();
  const set = new EzCsvSet((kind) => {
    text.set(kind, '');
    return { write: (t) => text.set(kind, (text.get(kind) ?? '') + t) };
  });
  const files = () => {
    const out = new Map<EzFileKind, string[][]>();
    for (const [kind, t] of text) {
      expect(t.endsWith(EZ_EOL)).toBe(true);
      out.set(kind, readRfc4180(t));
    }
    return out;
  };
  return { set, files };
}

/** Parses sample files through the CLI's parsers into in-memory ez-csv files. */
async function ezFiles(files: [ArtifactKind, string][]): Promise<Map<EzFileKind, string[][]>> {
  const { set, files: read } = memorySet();
  for (const [kind, rel] of files) {
    const path = join(SAMPLES, rel);
    await PARSERS[kind].parse(memorySource(sampleBytes(path)), { fileName: rel, diagnostics: [] }, (r) =>
      set.add(kind, r, rel),
    );
  }
  return read();
}

function byName(rows: string[][]): Record<string, string>[] {
  const [head, ...body] = rows;
  for (const r of body) expect(r).toHaveLength(head.length);
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i]])));
}

describe('ez-csv (Timeline Explorer layouts)', () => {
  it('guards cells against formulas and bidi controls, and writes times as his tools do', () => {
    expect(ezField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(ezField('invoice\u202Efdp.exe')).toBe('invoice<U+202E>fdp.exe');
    expect(ezField('\u2066a,b\u2069')).toBe('"<U+2066>a,b<U+2069>"');
    expect(ezTimeFromIso('2024-01-02T03:04:05.1234567Z')).toBe('2024-01-02 03:04:05.1234567');
    expect(ezTimeFromIso('')).toBe('');
    expect(ezFileName('/tmp/case', 'mft')).toBe('/tmp/case_MFTECmd_$MFT_Output.csv');
  });

  it('maps the PayloadData columns of mapped events and leaves others empty', () => {
    const logon = mapEvtx('Security', 'Microsoft-Windows-Security-Auditing', 4624, {
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      LogonType: '3',
      IpAddress: '10.0.0.5',
      WorkstationName: 'WS02',
      ProcessName: '-',
    });
    expect(logon).toMatchObject({ userName: 'CORP\\alice', remoteHost: 'WS02 (10.0.0.5)' });
    expect(logon?.payload[0]).toBe('LogonType: 3');
    const net = mapEvtx('Microsoft-Windows-Sysmon/Operational', 'Microsoft-Windows-Sysmon', 3, {
      Image: 'C:\\Tools\\nmap.exe',
      DestinationIp: '10.0.0.9',
      DestinationPort: '445',
    });
    expect(net).toMatchObject({ executableInfo: 'C:\\Tools\\nmap.exe', remoteHost: '10.0.0.9 (445)' });
    expect(mapEvtx('Security', 'Microsoft-Windows-Security-Auditing', 4661, { ObjectName: 'x' })).toBeNull();
    expect(mapEvtx('Application', 'Some-App', 4624, {})).toBeNull();
  });

  it('writes the documented headers and real rows for every artifact of ../shared/samples', async () => {
    if (!haveSamples()) return;
    let files: Map<EzFileKind, string[][]>;
    try {
      files = await ezFiles(SAMPLE_FILES);
    } catch (e) {
      if (!requireOrSkip(`../shared/samples (${(e as Error).message})`, false)) return;
      throw e;
    }
    for (const kind of Object.keys(DOCUMENTED) as EzFileKind[]) {
      expect(files.get(kind)?.[0].join(',')).toBe(DOCUMENTED[kind]);
    }

    const evtx = byName(files.get('evtx') ?? []);
    expect(evtx[0]).toMatchObject({
      RecordNumber: '1',
      EventRecordId: '227693',
      TimeCreated: '2019-02-13 18:01:41.5938300',
      EventId: '1102',
      Channel: 'Security',
      Computer: 'PC01.example.corp',
      UserName: 'EXAMPLE\\admin01',
      HiddenRecord: 'False',
    });
    expect(JSON.parse(evtx[0].Payload).UserData.LogFileCleared.SubjectUserName).toBe('admin01');
    const wfp = evtx.filter((r) => r.EventId === '5156');
    expect(wfp).toHaveLength(63);
    expect(wfp[0].Keywords).toBe('Audit success');
    const wfpData = JSON.parse(wfp[0].Payload).EventData.Data as { '@Name': string; '#text': string }[];
    expect(wfp[0].PayloadData4).toBe(
      `DestAddress: ${wfpData.find((d) => d['@Name'] === 'DestAddress')?.['#text']}`,
    );
    const sysmon1 = evtx.find(
      (r) => r.EventId === '1' && r.Channel === 'Microsoft-Windows-Sysmon/Operational',
    );
    expect(sysmon1?.ExecutableInfo).toMatch(/\.exe$/i);
    expect(sysmon1?.PayloadData1).toMatch(/^CommandLine: /);
    for (const r of evtx) expect(r.TimeCreated).toMatch(EZ_TIME);
    expect(
      evtx.filter((r) => r.EventId === '4661').every((r) => r.PayloadData1 === '' && r.Payload !== ''),
    ).toBe(true);

    const mft = byName(files.get('mft') ?? []);
    expect(mft[0]).toMatchObject({
      EntryNumber: '0',
      FileName: '$MFT',
      ParentPath: '.',
      InUse: 'True',
      IsDirectory: 'False',
      Created0x10: '2019-01-04 20:15:27.5751423',
    });
    const root = mft.find((r) => r.EntryNumber === '5');
    expect(root).toMatchObject({ FileName: '.', IsDirectory: 'True', ParentPath: '.' });

    const usn = byName(files.get('usn') ?? []);
    expect(usn[0]).toMatchObject({
      Name: 'BTDevManager.log',
      Extension: '.log',
      UpdateTimestamp: '2013-10-19 12:16:53.2760403',
      UpdateReasons: 'DATA_EXTEND',
      FileAttributes: 'ARCHIVE|NOT_CONTENT_INDEXED',
    });

    const [calc] = byName(files.get('prefetch') ?? []);
    expect(calc).toMatchObject({
      ExecutableName: 'CALC.EXE',
      Hash: '3FBEF7FD',
      RunCount: '2',
      LastRun: '2016-01-11 22:08:20.9853304',
      PreviousRun0: '2016-01-10 02:12:33.8095417',
      Volume0Serial: '8C9F49EC',
      ParsingError: 'False',
    });
    expect(calc.FilesLoaded.split(', ')).toContain(
      '\\VOLUME{01d1217a9c4c6779-8c9f49ec}\\WINDOWS\\SYSTEM32\\CALC.EXE',
    );
    expect(byName(files.get('prefetchTimeline') ?? []).map((r) => r.RunTime)).toEqual([
      '2016-01-11 22:08:20.9853304',
      '2016-01-10 02:12:33.8095417',
    ]);
  });
});

describe('ez-csv from timeline rows (the app export)', () => {
  it('fills every column the table holds as the CLI does and leaves the rest empty', async () => {
    if (!haveSamples()) return;
    const cli = await ezFiles(SAMPLE_FILES);
    const store = await loadFilesIntoStore(
      SAMPLE_FILES.map(([, rel]) => ({ path: rel, bytes: sampleBytes(join(SAMPLES, rel)) })),
    );
    const t = store.table;
    const all = Uint32Array.from({ length: t.length }, (_, i) => i);
    const { set, files: read } = memorySet();
    const rows = new EzTableRows(t, store.files);
    for (let from = 0; from < all.length; from += 1000) rows.add(set, all, from, from + 1000);
    const app = read();

    expect([...app.keys()].sort()).toEqual(Object.keys(EZ_FILES).sort());
    for (const kind of Object.keys(EZ_FILES) as EzFileKind[]) {
      const [head, ...body] = app.get(kind) ?? [];
      expect(head).toEqual([...EZ_FILES[kind].columns]);
      const cliBody = (cli.get(kind) ?? []).slice(1);
      expect(body.length, kind).toBe(cliBody.length);
      expect(body.length, kind).toBeGreaterThan(0);
      const empty = new Set(EZ_APP_EMPTY[kind]);
      for (const c of empty) expect(head, kind).toContain(c);
      for (let i = 0; i < body.length; i++) {
        for (let c = 0; c < head.length; c++) {
          const want = empty.has(head[c]) ? '' : cliBody[i][c];
          if (body[i][c] !== want)
            expect(`${kind} row ${i} ${head[c]}: ${body[i][c]}`).toBe(`${kind} row ${i} ${head[c]}: ${want}`);
        }
      }
    }
    // The compared columns hold values, not just matching blanks.
    const evtx = byName(app.get('evtx') ?? []);
    expect(new Set(evtx.map((r) => r.ChunkNumber)).size).toBeGreaterThan(1);
    for (const c of ['Level', 'Provider', 'Channel', 'ProcessId', 'Computer', 'Keywords', 'Payload'])
      expect(
        evtx.every((r) => r[c] !== ''),
        c,
      ).toBe(true);
    expect(evtx.some((r) => r.UserId !== '' && r.PayloadData1 !== '' && r.MapDescription !== '')).toBe(true);
    const mft = byName(app.get('mft') ?? []);
    expect(mft.some((r) => r.IsAds === 'True')).toBe(true);
    expect(mft.some((r) => r.Created0x10 !== '' && r.SiFlags !== '' && r.ParentPath !== '.')).toBe(true);
    expect(byName(app.get('prefetch') ?? [])[0]).toMatchObject({ LastRun: '2016-01-11 22:08:20.9853304' });

    // Rows shown: an $MFT entry is written once whichever of its rows is shown; a .pf's line
    // once, its timeline one line per run row shown.
    const shown = all.filter((r) => r % 3 !== 0);
    const part = memorySet();
    new EzTableRows(t, store.files).add(part.set, shown);
    const got = part.files();
    const of = (code: number) => [...shown].filter((r) => t.artifact[r] === code);
    const mftShown = of(ARTIFACT_CODE.mft);
    const mftLines = byName(got.get('mft') ?? []);
    expect(mftLines.filter((r) => r.IsAds === 'False').map((r) => Number(r.EntryNumber))).toEqual([
      ...new Set(mftShown.map((r) => t.ref[r])),
    ]);
    expect((got.get('evtx') ?? []).length - 1).toBe(of(ARTIFACT_CODE.evtx).length);
    expect((got.get('usn') ?? []).length - 1).toBe(of(ARTIFACT_CODE.usn).length);
    expect((got.get('prefetchTimeline') ?? []).length - 1).toBe(of(ARTIFACT_CODE.prefetch).length);
    expect((got.get('prefetch') ?? []).length - 1).toBe(1);
  });
});
