// Reader for the text output of Debian's `sccainfo` (libscca-utils), used by differential tests
// and the benchmark. Times become 7-digit ISO strings, hashes and serials 8 upper-case hex digits.

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
