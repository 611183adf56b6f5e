// IANA "Assigned Internet Protocol Numbers" (the values WFP events 5152/5156/5157/5158 put in
// Protocol, and Sysmon 3 names by text).
export const IP_PROTOCOLS: Record<number, string> = {
  0: 'HOPOPT',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPv4',
  6: 'TCP',
  17: 'UDP',
  41: 'IPv6',
  43: 'IPv6-Route',
  44: 'IPv6-Frag',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  58: 'ICMPv6',
  59: 'IPv6-NoNxt',
  60: 'IPv6-Opts',
  103: 'PIM',
  112: 'VRRP',
  132: 'SCTP',
  136: 'UDPLite',
};

/** `6` -> `TCP`; unknown numbers come back unchanged. */
export function ipProtocolName(value: string): string {
  const n = Number(value);
  return Number.isInteger(n) ? (IP_PROTOCOLS[n] ?? value) : value;
}
