import { describe, expect, it } from 'vitest';
import { DiagnosticSink, engineErrorText } from './diagnostics';
import type { Diagnostic } from './types';

describe('DiagnosticSink', () => {
  it('builds Diagnostics for its file, message empty unless given', () => {
    const out: Diagnostic[] = [];
    const sink = new DiagnosticSink('a.evtx', out);
    sink.report('error', 0x200, 'chunk[0].header', '512 bytes', '3 bytes');
    sink.report('info', -1, 'usn', 'a record', 'none', 'why');
    expect(out).toEqual([
      {
        severity: 'error',
        file: 'a.evtx',
        offset: 0x200,
        field: 'chunk[0].header',
        expected: '512 bytes',
        found: '3 bytes',
        message: '',
      },
      {
        severity: 'info',
        file: 'a.evtx',
        offset: -1,
        field: 'usn',
        expected: 'a record',
        found: 'none',
        message: 'why',
      },
    ]);
    expect(sink.dropped).toBe(0);
    sink.reportDropped('usn');
    expect(out).toHaveLength(2);
  });

  it('keeps the first `limit` reports, counts the rest and closes with one warning', () => {
    const out: Diagnostic[] = [];
    const sink = DiagnosticSink.of({ fileName: '$MFT', diagnostics: out }, 2);
    for (let i = 0; i < 5; i++) sink.report('warning', i, `entry[${i}]`, 'x', 'y');
    expect(out.map((d) => d.offset)).toEqual([0, 1]);
    expect(sink.dropped).toBe(3);
    sink.reportDropped('mft');
    expect(out[2]).toEqual({
      severity: 'warning',
      file: '$MFT',
      offset: -1,
      field: 'mft',
      expected: 'at most 2 diagnostics',
      found: '3 more',
      message: 'further diagnostics dropped',
    });
  });
});

describe('engineErrorText', () => {
  it('tells engine errors in our words and leaves our own errors alone', () => {
    let typeError: unknown;
    try {
      (undefined as unknown as { x: number }).x;
    } catch (e) {
      typeError = e;
    }
    const text = engineErrorText(typeError);
    expect(text).toBe('the parser failed on this data (an internal TypeError; please report it)');
    expect(text).not.toContain((typeError as Error).message);
    expect(engineErrorText(new RangeError('some other limit'))).toBe(
      'a value is larger than the parser can hold',
    );
    expect(engineErrorText(new Error('Array buffer allocation failed'))).toBe(
      'the record needs more memory than one file may use',
    );
    expect(engineErrorText(new Error('zip member "x": no local file header at 0x0'))).toBe('');
    expect(engineErrorText('not an error')).toBe('');
  });
});
