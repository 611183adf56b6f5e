// Windows Filtering Platform insertion strings (msobjs.dll message table) used by Security events
// 5031, 5150-5159: Direction and LayerName. Source: Microsoft event pages for 5152/5156/5157/5158
// ("Direction", "Layer Name" fields) and their `%%NNNN` values as found in exported logs.

/** Security event ids of the WFP connection audit ("Audit Filtering Platform Connection / Packet Drop"). */
export const WFP_PACKET_DROPPED = 5152;
export const WFP_CONNECTION_PERMITTED = 5156;
export const WFP_BIND_PERMITTED = 5158;

export const WFP_INBOUND = '%%14592';
export const WFP_OUTBOUND = '%%14593';

export const WFP_DIRECTIONS: Record<string, string> = {
  [WFP_INBOUND]: 'Inbound',
  [WFP_OUTBOUND]: 'Outbound',
  '%%14594': 'Forward',
  '%%14595': 'Bidirectional',
};

export const WFP_LAYERS: Record<string, string> = {
  '%%14596': 'IP Packet',
  '%%14597': 'Transport',
  '%%14598': 'Forward',
  '%%14599': 'Stream',
  '%%14600': 'Datagram Data',
  '%%14601': 'ICMP Error',
  '%%14602': 'MAC 802.3',
  '%%14603': 'MAC Native',
  '%%14604': 'vSwitch',
  '%%14608': 'Resource Assignment',
  '%%14609': 'Listen',
  '%%14610': 'Receive/Accept',
  '%%14611': 'Connect',
  '%%14612': 'Flow Established',
  '%%14614': 'Resource Release',
  '%%14615': 'Endpoint Closure',
  '%%14616': 'Connect Redirect',
  '%%14617': 'Bind Redirect',
  '%%14624': 'Stream Packet',
};
