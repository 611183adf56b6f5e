// Rendered form of a field value for display next to its raw form: %% insertion strings decoded
// (src/dicts), IP protocol numbers named. The raw value is always shown as well.
import { decodeInsertionString } from '../../dicts/insertion-strings';
import { ipProtocolName } from '../../dicts/ip-protocols';

export function renderValue(field: string, value: string): string {
  if (field === 'Protocol' && /^\d+$/.test(value)) {
    const name = ipProtocolName(value);
    return name === value ? value : `${name} (${value})`;
  }
  return decodeInsertionString(value);
}
