import { describe, expect, it } from 'vitest';
import { requireOrSkip, sampleBytes, sampleFiles } from '../../testing/samples';
import type { Diagnostic } from '../types';
import {
  hashHex,
  matchPrefetchHash,
  prefetchHash2008,
  prefetchHashVista,
  prefetchHashXp,
  upcaseWindows,
} from './hash';
import { parsePrefetchBytes } from './parse-prefetch';

describe('SCCA prefetch hash functions', () => {
  it('computes the XP hash of the libscca example path', () => {
    expect(hashHex(prefetchHashXp('\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\NOTEPAD.EXE'))).toBe('189578DA');
  });

  it('upper-cases the path the way Windows does before hashing', () => {
    const p = '\\Device\\HarddiskVolume2\\Tools\\Nmap\\nmap.exe';
    expect(upcaseWindows(p)).toBe('\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE');
    expect(prefetchHashVista(p)).toBe(prefetchHashVista(upcaseWindows(p)));
    expect(upcaseWindows('straße')).toBe('STRAßE');
  });

  it('gives the nmap path of the scenario a stable Vista/10 hash', () => {
    const p = '\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE';
    expect(hashHex(prefetchHashVista(p))).toBe('23741204');
    expect(matchPrefetchHash(p, 0x23741204)).toBe('vista');
    expect(matchPrefetchHash(p, 0x23741205)).toBeNull();
  });

  it('2008 variant (8 bytes per step) agrees with the byte-wise Vista hash on long and short paths', () => {
    for (const p of ['\\A', '\\DEVICE\\HARDDISKVOLUME1\\X.EXE', `\\DEVICE\\${'Z'.repeat(301)}.EXE`]) {
      expect(prefetchHash2008(p)).toBe(prefetchHashVista(p));
    }
  });

  it('hashHex pads to 8 upper-case digits', () => {
    expect(hashHex(1)).toBe('00000001');
    expect(hashHex(0xdeadbeef)).toBe('DEADBEEF');
  });

  it('matches the hash in the file name of every sample whose executable has a \\DEVICE path', () => {
    const files = sampleFiles('prefetch');
    if (!requireOrSkip('prefetch samples', files.length > 0)) return;
    const seen: Record<string, string> = {};
    for (const path of files) {
      const d: Diagnostic[] = [];
      const rec = parsePrefetchBytes(sampleBytes(path), path, d);
      if (!rec?.executablePath.startsWith('\\DEVICE\\HARDDISKVOLUME')) continue;
      const nameHash = /-([0-9A-F]{8})\.pf$/.exec(path)?.[1];
      const base = path.slice(path.lastIndexOf('/') + 1);
      expect(hashHex(rec.hash), base).toBe(nameHash);
      seen[base] = matchPrefetchHash(rec.executablePath, rec.hash) ?? 'none';
    }
    // WWAHOST.EXE is a hosting process: its hash also covers the hosted app, so no path matches.
    expect(seen).toEqual({
      'ez-Vista__CMD.EXE-89305D47.pf': 'vista',
      'ez-Win2012R2__LOGONUI.EXE-09140401.pf': 'vista',
      'ez-Win2k3__NOTEPAD.EXE-336351A9.pf': 'xp',
      'ez-Win7__DCODEDCODEDCODEDCODEDCODEDCOD-9054DA3F.pf': 'vista',
      'ez-Win7__EXPLORER.EXE-A80E4F97.pf': 'vista',
      'ez-Win7__PING.EXE-B29F6629.pf': 'vista',
      'ez-Win8x__CONSENT.EXE-531BD9EA.pf': 'vista',
      'ez-Win8x__WWAHOST.EXE-00A972CA.pf': 'none',
      'ez-XPPro__CALC.EXE-02CD573A.pf': 'xp',
      'ez-XPPro__EXPLORER.EXE-082F38A9.pf': 'xp',
      'ez-XPPro__VERCLSID.EXE-3667BD89.pf': 'xp',
      'museum-Win7-RathbunVM__CALC.EXE-AC08706A.pf': 'vista',
      'museum-Win81Update-RathbunVM__CMD.EXE-89305D47.pf': 'vista',
    });
    expect(prefetchHashXp('\\DEVICE\\HARDDISKVOLUME1\\WINDOWS\\SYSTEM32\\CALC.EXE')).toBe(0x02cd573a);
    expect(prefetchHash2008('\\DEVICE\\HARDDISKVOLUME2\\WINDOWS\\EXPLORER.EXE')).toBe(0xa80e4f97);
  });
});
