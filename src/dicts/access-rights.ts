// Access-right and other common insertion strings (msobjs.dll message table) seen in Security
// events 4656/4663/4658/4688 (AccessList, AccessMask names, TokenElevationType, yes/no fields).
// Source: Microsoft event pages for 4656, 4663 and 4688 (field value tables).
export const ACCESS_RIGHTS: Record<string, string> = {
  '%%1537': 'DELETE',
  '%%1538': 'READ_CONTROL',
  '%%1539': 'WRITE_DAC',
  '%%1540': 'WRITE_OWNER',
  '%%1541': 'SYNCHRONIZE',
  '%%1542': 'ACCESS_SYS_SEC',
  '%%4416': 'ReadData (or ListDirectory)',
  '%%4417': 'WriteData (or AddFile)',
  '%%4418': 'AppendData (or AddSubdirectory or CreatePipeInstance)',
  '%%4419': 'ReadEA',
  '%%4420': 'WriteEA',
  '%%4421': 'Execute/Traverse',
  '%%4422': 'DeleteChild',
  '%%4423': 'ReadAttributes',
  '%%4424': 'WriteAttributes',
  '%%4432': 'Query key value',
  '%%4433': 'Set key value',
  '%%4434': 'Create sub-key',
  '%%4435': 'Enumerate sub-keys',
  '%%4436': 'Notify about changes to keys',
  '%%4437': 'Create Link',
};

export const TOKEN_ELEVATION_TYPES: Record<string, string> = {
  '%%1936': 'Type 1 (full token, no UAC split)',
  '%%1937': 'Type 2 (elevated token)',
  '%%1938': 'Type 3 (limited token)',
};

export const MISC_INSERTION_STRINGS: Record<string, string> = {
  '%%1832': 'Identification',
  '%%1833': 'Impersonation',
  '%%1840': 'Delegation',
  '%%1842': 'Yes',
  '%%1843': 'No',
};
