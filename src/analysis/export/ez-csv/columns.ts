// Column layouts of Eric Zimmerman's CSVs, so Timeline Explorer opens ours as it opens his.
// Read from his sources (EricZimmerman/evtx EvtxECmd/Program.cs class map + evtx/EventRecord.cs
// property order, MFTECmd/Program.cs and MFTRecordOut.cs / JEntryOut.cs, PECmd/Program.cs
// CsvOut / CsvOutTl). CsvHelper orders columns by map index, ties in property declaration
// order; that is how ChunkNumber and ExtraDataOffset land where they do in EvtxECmd's header.
// Only the names and order are his; every value below is computed by our own code.

export const EVTXECMD_COLUMNS = [
  'RecordNumber',
  'EventRecordId',
  'TimeCreated',
  'EventId',
  'Level',
  'Provider',
  'Channel',
  'ProcessId',
  'ThreadId',
  'Computer',
  'ChunkNumber',
  'UserId',
  'MapDescription',
  'UserName',
  'RemoteHost',
  'PayloadData1',
  'PayloadData2',
  'PayloadData3',
  'PayloadData4',
  'PayloadData5',
  'PayloadData6',
  'ExecutableInfo',
  'HiddenRecord',
  'SourceFile',
  'Keywords',
  'ExtraDataOffset',
  'Payload',
] as const;

export const MFTECMD_MFT_COLUMNS = [
  'EntryNumber',
  'SequenceNumber',
  'InUse',
  'ParentEntryNumber',
  'ParentSequenceNumber',
  'ParentPath',
  'FileName',
  'Extension',
  'FileSize',
  'ReferenceCount',
  'ReparseTarget',
  'IsDirectory',
  'HasAds',
  'IsAds',
  'SI<FN',
  'uSecZeros',
  'Copied',
  'SiFlags',
  'NameType',
  'Created0x10',
  'Created0x30',
  'LastModified0x10',
  'LastModified0x30',
  'LastRecordChange0x10',
  'LastRecordChange0x30',
  'LastAccess0x10',
  'LastAccess0x30',
  'UpdateSequenceNumber',
  'LogfileSequenceNumber',
  'SecurityId',
  'ObjectIdFileDroid',
  'LoggedUtilStream',
  'ZoneIdContents',
  'SourceFile',
] as const;

export const MFTECMD_J_COLUMNS = [
  'Name',
  'Extension',
  'EntryNumber',
  'SequenceNumber',
  'ParentEntryNumber',
  'ParentSequenceNumber',
  'ParentPath',
  'UpdateSequenceNumber',
  'UpdateTimestamp',
  'UpdateReasons',
  'FileAttributes',
  'OffsetToData',
  'SourceFile',
] as const;

export const PECMD_COLUMNS = [
  'Note',
  'SourceFilename',
  'SourceCreated',
  'SourceModified',
  'SourceAccessed',
  'ExecutableName',
  'Hash',
  'Size',
  'Version',
  'RunCount',
  'LastRun',
  'PreviousRun0',
  'PreviousRun1',
  'PreviousRun2',
  'PreviousRun3',
  'PreviousRun4',
  'PreviousRun5',
  'PreviousRun6',
  'Volume0Name',
  'Volume0Serial',
  'Volume0Created',
  'Volume1Name',
  'Volume1Serial',
  'Volume1Created',
  'Directories',
  'FilesLoaded',
  'ParsingError',
] as const;

export const PECMD_TIMELINE_COLUMNS = ['RunTime', 'ExecutableName'] as const;

/** One output file per layout; his default names end with these suffixes after a time stamp. */
export const EZ_FILES = {
  evtx: { suffix: 'EvtxECmd_Output.csv', columns: EVTXECMD_COLUMNS },
  mft: { suffix: 'MFTECmd_$MFT_Output.csv', columns: MFTECMD_MFT_COLUMNS },
  usn: { suffix: 'MFTECmd_$J_Output.csv', columns: MFTECMD_J_COLUMNS },
  prefetch: { suffix: 'PECmd_Output.csv', columns: PECMD_COLUMNS },
  prefetchTimeline: { suffix: 'PECmd_Output_Timeline.csv', columns: PECMD_TIMELINE_COLUMNS },
} as const;

export type EzFileKind = keyof typeof EZ_FILES;
