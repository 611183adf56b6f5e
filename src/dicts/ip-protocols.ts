// IANA "Assigned Internet Protocol Numbers" (the values WFP events 5152/5156/5157/5158 put in
// Protocol, and Sysmon 3 names by text).
export const IP_ICMP = 1;
export const IP_TCP = 6;
export const IP_UDP = 17;
export const IP_ICMPV6 = 58;

export const IP_PROTOCOLS: Record<number, string> = {
  0: 'HOPOPT',
  [IP_ICMP]: 'ICMP',
  2: 'IGMP',
  4: 'IPv4',
  [IP_TCP]: 'TCP',
  [IP_UDP]: 'UDP',
  41: 'IPv6',
  43: 'IPv6-Route',
  44: 'IPv6-Frag',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  [IP_ICMPV6]: 'ICMPv6',
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

/** The protocols connection analysis (fan-out, checklist) names; other numbers stay numbers. */
export const CONNECTION_PROTOCOLS: readonly number[] = [IP_ICMP, IP_TCP, IP_UDP, IP_ICMPV6];
const CONNECTION_NAME = new Map(CONNECTION_PROTOCOLS.map((n) => [String(n), IP_PROTOCOLS[n]]));
const CONNECTION_NUMBER = new Map(CONNECTION_PROTOCOLS.map((n) => [IP_PROTOCOLS[n].toLowerCase(), n]));

/** `6` or `'6'` -> `TCP` for a connection protocol (exact decimal text), else undefined. */
export function connectionProtocolName(value: number | string): string | undefined {
  return CONNECTION_NAME.get(String(value));
}

/** `tcp` -> 6 for a connection protocol's lower-case name (Sysmon 3), else undefined. */
export function connectionProtocolNumber(lowerName: string): number | undefined {
  return CONNECTION_NUMBER.get(lowerName);
}
