// Reader for the text output of Debian's `sccainfo` (libscca-utils), used by differential tests
// and the benchmark. Times become 7-digit ISO strings, hashes and serials 8 upper-case hex digits.
// `sccainfo` 20200717 prints no file references (not even with -v), so those are read from the
// library it is built on, libscca1, through Python's ctypes: `libsccaFileReferences`.
import { spawnSync } from 'node:child_process';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 11, 2016 22:08:20.985330400 UTC` -> `2016-01-11T22:08:20.9853304Z` */
function isoFromSccainfo(s: string): string {
  const m = /^(\w{3}) (\d\d), (\d{4}) (\d\d:\d\d:\d\d)\.(\d{9}) UTC$/.exec(s.trim());
  if (!m) return `unparsed sccainfo time: ${s}`;
  const month = String(MONTHS.indexOf(m[1]) + 1).padStart(2, '0');
  return `${m[3]}-${month}-${m[2]}T${m[4]}.${m[5].slice(0, 7)}Z`;
}

export interface SccaInfo {
  version: number;
  hash: string;
  executable: string;
  runCount: number;
  runTimes: string[];
  fileCount: number;
  files: string[];
  volumes: { devicePath: string; serial: string; created: string }[];
}

/** Reads the text `sccainfo FILE` prints (libscca-utils 20200717). */
export function parseSccainfo(text: string): SccaInfo {
  const out: SccaInfo = {
    version: -1,
    hash: '',
    executable: '',
    runCount: -1,
    runTimes: [],
    fileCount: -1,
    files: [],
    volumes: [],
  };
  for (const raw of text.split('\n')) {
    const sep = raw.indexOf('\t: ');
    if (sep < 0) continue;
    const key = raw.slice(0, sep).trim();
    const value = raw.slice(sep + 3);
    if (key === 'Format version') out.version = Number(value);
    else if (key === 'Prefetch hash') out.hash = value.replace(/^0x/, '').toUpperCase().padStart(8, '0');
    else if (key === 'Executable filename') out.executable = value;
    else if (key === 'Run count') out.runCount = Number(value);
    else if (key.startsWith('Last run time')) {
      if (!value.startsWith('Not set')) out.runTimes.push(isoFromSccainfo(value));
    } else if (key === 'Number of filenames') out.fileCount = Number(value);
    else if (key.startsWith('Filename:')) out.files.push(value);
    else if (key === 'Device path') out.volumes.push({ devicePath: value, serial: '', created: '' });
    else if (key === 'Creation time') out.volumes[out.volumes.length - 1].created = isoFromSccainfo(value);
    else if (key === 'Serial number')
      out.volumes[out.volumes.length - 1].serial = value.replace(/^0x/, '').toUpperCase().padStart(8, '0');
  }
  return out;
}

/** One file metrics entry as libscca reads it. */
export interface LibsccaLoadedFile {
  filename: string;
  /** $MFT entry number (low 48 bits of the reference). */
  mftEntry: number;
  /** $MFT sequence number (high 16 bits). */
  mftSequence: number;
}

/**
 * Asks libscca1 (libscca_file_metrics_get_file_reference, the library `sccainfo` uses) for every
 * file metrics entry: tab-separated index, return code (1 = reference present, 0 = the version has
 * none), the 64-bit reference and the UTF-8 filename.
 */
const LIBSCCA_REFERENCES_PY = `
import ctypes, sys
lib = ctypes.CDLL('libscca.so.1')
P = ctypes.c_void_p
path = sys.argv[1]
f = P(); err = P()
if lib.libscca_file_initialize(ctypes.byref(f), ctypes.byref(err)) != 1: sys.exit(3)
if lib.libscca_file_open(f, path.encode(), 1, ctypes.byref(err)) != 1: sys.exit(2)
n = ctypes.c_int()
if lib.libscca_file_get_number_of_file_metrics_entries(f, ctypes.byref(n), ctypes.byref(err)) != 1: sys.exit(3)
for i in range(n.value):
    m = P()
    if lib.libscca_file_get_file_metrics_entry(f, i, ctypes.byref(m), ctypes.byref(err)) != 1: sys.exit(3)
    ref = ctypes.c_uint64()
    rc = lib.libscca_file_metrics_get_file_reference(m, ctypes.byref(ref), ctypes.byref(err))
    size = ctypes.c_size_t()
    lib.libscca_file_metrics_get_utf8_filename_size(m, ctypes.byref(size), ctypes.byref(err))
    buf = ctypes.create_string_buffer(size.value or 1)
    lib.libscca_file_metrics_get_utf8_filename(m, buf, size, ctypes.byref(err))
    sys.stdout.write('%d\\t%d\\t%d\\t%s\\n' % (i, rc, ref.value if rc == 1 else 0, buf.value.decode('utf-8', 'replace')))
    lib.libscca_file_metrics_free(ctypes.byref(m), ctypes.byref(err))
lib.libscca_file_close(f, ctypes.byref(err))
lib.libscca_file_free(ctypes.byref(f), ctypes.byref(err))
`;

/** True when python3 can load libscca1 (installed with libscca-utils). */
export function hasLibscca(): boolean {
  const r = spawnSync('python3', ['-c', "import ctypes; ctypes.CDLL('libscca.so.1')"], { encoding: 'utf8' });
  return r.status === 0;
}

/** The file metrics entries of `path` as libscca reads them; null when libscca cannot open it. */
export function libsccaFileReferences(path: string): LibsccaLoadedFile[] | null {
  const r = spawnSync('python3', ['-c', LIBSCCA_REFERENCES_PY, path], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status === 2) return null;
  if (r.status !== 0) throw new Error(`libscca file references of ${path}: exit ${r.status}: ${r.stderr}`);
  const out: LibsccaLoadedFile[] = [];
  for (const line of r.stdout.split('\n')) {
    if (!line) continue;
    const [, , ref, filename] = line.split('\t');
    const v = BigInt(ref);
    out.push({ filename, mftEntry: Number(v & 0xffffffffffffn), mftSequence: Number(v >> 48n) });
  }
  return out;
}
