// Background-noise building blocks: programs that run on a Windows 10 workstation and a Windows
// Server, with the version-resource fields Sysmon 1 reports, plus file-name pools.

export interface ProgramSpec {
  image: string;
  args: string[];
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  fileVersion: string;
  /** Who runs it: the logged-on user, SYSTEM, or a service account. */
  runAs: 'user' | 'system' | 'network' | 'local';
  integrity: 'System' | 'High' | 'Medium' | 'Low';
  /** Parent program image. */
  parent: string;
  weight: number;
}

const MS = { product: 'Microsoft® Windows® Operating System', company: 'Microsoft Corporation' };
const OSV = '10.0.19041.3636 (WinBuild.160101.0800)';

function ms(
  image: string,
  description: string,
  args: string[],
  runAs: ProgramSpec['runAs'],
  parent: string,
  weight: number,
  integrity: ProgramSpec['integrity'] = runAs === 'user' ? 'Medium' : 'System',
): ProgramSpec {
  const file = image.slice(image.lastIndexOf('\\') + 1);
  return {
    image,
    args,
    description,
    ...MS,
    originalFileName: file.toUpperCase() === 'SVCHOST.EXE' ? 'svchost.exe' : file,
    fileVersion: OSV,
    runAs,
    integrity,
    parent,
    weight,
  };
}

const SYS32 = 'C:\\Windows\\System32';
export const EXPLORER = 'C:\\Windows\\explorer.exe';
export const SERVICES = `${SYS32}\\services.exe`;
export const SVCHOST = `${SYS32}\\svchost.exe`;
export const CMD = `${SYS32}\\cmd.exe`;
const CHROME = 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe';

export const WORKSTATION_PROGRAMS: ProgramSpec[] = [
  ms(
    SVCHOST,
    'Host Process for Windows Services',
    [
      '-k netsvcs -p -s Schedule',
      '-k LocalService -p -s EventSystem',
      '-k UnistackSvcGroup',
      '-k wsappx -p -s AppXSvc',
    ],
    'system',
    SERVICES,
    8,
  ),
  {
    image: CHROME,
    args: [
      '--type=renderer --display-capture-permissions-policy-allowed --lang=en-US',
      '--type=utility --utility-sub-type=network.mojom.NetworkService',
      '--type=gpu-process',
      '',
    ],
    description: 'Google Chrome',
    product: 'Google Chrome',
    company: 'Google LLC',
    originalFileName: 'chrome.exe',
    fileVersion: '129.0.6668.101',
    runAs: 'user',
    integrity: 'Low',
    parent: EXPLORER,
    weight: 10,
  },
  ms(`${SYS32}\\RuntimeBroker.exe`, 'Runtime Broker', ['-Embedding'], 'user', `${SYS32}\\svchost.exe`, 4),
  ms(`${SYS32}\\conhost.exe`, 'Console Window Host', ['0xffffffff -ForceV1'], 'user', CMD, 3),
  ms(
    `${SYS32}\\WindowsPowerShell\\v1.0\\powershell.exe`,
    'Windows PowerShell',
    ['-NoProfile', '', '-ExecutionPolicy Bypass -File C:\\Users\\alice\\scripts\\sync.ps1'],
    'user',
    EXPLORER,
    2,
  ),
  ms(
    `${SYS32}\\SearchProtocolHost.exe`,
    'Microsoft Windows Search Protocol Host',
    [
      'Global\\UsGthrFltPipeMssGthrPipe5_ Global\\UsGthrCtrlFltPipeMssGthrPipe5 1 -2147483646 "Software\\Microsoft\\Windows Search"',
    ],
    'system',
    `${SYS32}\\SearchIndexer.exe`,
    3,
  ),
  ms(
    `${SYS32}\\taskhostw.exe`,
    'Host Process for Windows Tasks',
    ['', 'Install $(Arg0)'],
    'user',
    SVCHOST,
    3,
  ),
  ms(
    `${SYS32}\\backgroundTaskHost.exe`,
    'Background Task Host',
    ['-ServerName:BackgroundTaskHost.WebAccountProvider'],
    'user',
    SVCHOST,
    2,
  ),
  ms(`${SYS32}\\wbem\\WmiPrvSE.exe`, 'WMI Provider Host', ['-Embedding'], 'network', SVCHOST, 2),
  ms(`${SYS32}\\notepad.exe`, 'Notepad', ['', 'C:\\Users\\alice\\Documents\\notes.txt'], 'user', EXPLORER, 1),
  ms(
    `${SYS32}\\dllhost.exe`,
    'COM Surrogate',
    ['/Processid:{AB8902B4-09CA-4BB6-B78D-A8F59079A8D5}'],
    'user',
    SVCHOST,
    2,
  ),
  ms(
    CMD,
    'Windows Command Processor',
    ['/c "C:\\Users\\alice\\AppData\\Local\\Microsoft\\OneDrive\\update.cmd"'],
    'user',
    EXPLORER,
    1,
  ),
  ms(
    `${SYS32}\\MpCmdRun.exe`,
    'Microsoft Malware Protection Command Line Utility',
    ['-wdenable'],
    'system',
    SVCHOST,
    1,
  ),
  ms(`${SYS32}\\smartscreen.exe`, 'Windows Defender SmartScreen', ['-Embedding'], 'user', SVCHOST, 1),
];

export const SERVER_PROGRAMS: ProgramSpec[] = [
  ms(
    SVCHOST,
    'Host Process for Windows Services',
    ['-k netsvcs -p -s Schedule', '-k LocalService -p -s EventSystem', '-k NetworkService -p -s Dnscache'],
    'system',
    SERVICES,
    8,
  ),
  ms(`${SYS32}\\wbem\\WmiPrvSE.exe`, 'WMI Provider Host', ['-Embedding'], 'network', SVCHOST, 5),
  ms(`${SYS32}\\taskhostw.exe`, 'Host Process for Windows Tasks', [''], 'system', SVCHOST, 3),
  ms(`${SYS32}\\conhost.exe`, 'Console Window Host', ['0xffffffff -ForceV1'], 'system', CMD, 3),
  ms(
    `${SYS32}\\WindowsPowerShell\\v1.0\\powershell.exe`,
    'Windows PowerShell',
    ['-NoProfile -NonInteractive -File C:\\Scripts\\backup-check.ps1'],
    'system',
    SVCHOST,
    2,
  ),
  ms(`${SYS32}\\sppsvc.exe`, 'Microsoft Software Protection Platform Service', [''], 'network', SERVICES, 1),
  ms(
    'C:\\Windows\\servicing\\TrustedInstaller.exe',
    'Windows Modules Installer',
    [''],
    'system',
    SERVICES,
    1,
  ),
  ms(
    `${SYS32}\\dllhost.exe`,
    'COM Surrogate',
    ['/Processid:{02D4B3F1-FD88-11D1-960D-00805FC79235}'],
    'system',
    SVCHOST,
    2,
  ),
  ms(
    `${SYS32}\\MpCmdRun.exe`,
    'Microsoft Malware Protection Command Line Utility',
    ['SignatureUpdate -ScheduleJob'],
    'system',
    SVCHOST,
    1,
  ),
];

export const DLL_NAMES = [
  'ntdll',
  'kernel32',
  'kernelbase',
  'user32',
  'gdi32',
  'advapi32',
  'msvcrt',
  'sechost',
  'rpcrt4',
  'combase',
  'ole32',
  'oleaut32',
  'shell32',
  'shlwapi',
  'ws2_32',
  'iphlpapi',
  'dnsapi',
  'crypt32',
  'bcrypt',
  'ucrtbase',
  'win32u',
  'gdi32full',
  'msvcp_win',
  'imm32',
  'uxtheme',
  'windows.storage',
  'wintypes',
  'powrprof',
  'profapi',
  'cfgmgr32',
  'setupapi',
  'wldp',
  'msasn1',
  'cryptbase',
  'sspicli',
  'nsi',
  'mswsock',
  'winhttp',
  'wininet',
];

export const PUBLIC_HTTPS_PEERS = [
  '142.250.185.78',
  '13.107.42.14',
  '52.113.194.132',
  '20.190.159.2',
  '151.101.1.140',
];
