// Binary XML tokens. Spec: libevtx "Windows XML Event Log (EVTX) format", section "Binary XML"
// and MS-EVEN6 2.2.12 (BinXml grammar). Bit 0x40 on a token means "more data follows" (element
// with attributes, attribute/value/reference followed by another one).
export const TOKEN_EOF = 0x00;
export const TOKEN_OPEN_START_ELEMENT = 0x01;
export const TOKEN_CLOSE_START_ELEMENT = 0x02;
export const TOKEN_CLOSE_EMPTY_ELEMENT = 0x03;
export const TOKEN_END_ELEMENT = 0x04;
export const TOKEN_VALUE = 0x05;
export const TOKEN_ATTRIBUTE = 0x06;
export const TOKEN_CDATA_SECTION = 0x07;
export const TOKEN_CHAR_REF = 0x08;
export const TOKEN_ENTITY_REF = 0x09;
export const TOKEN_PI_TARGET = 0x0a;
export const TOKEN_PI_DATA = 0x0b;
export const TOKEN_TEMPLATE_INSTANCE = 0x0c;
export const TOKEN_NORMAL_SUBSTITUTION = 0x0d;
export const TOKEN_OPTIONAL_SUBSTITUTION = 0x0e;
export const TOKEN_FRAGMENT_HEADER = 0x0f;
export const TOKEN_MORE_BIT = 0x40;

/** Template definition header: next offset (4), GUID (16), data size (4); fragment follows. */
export const TEMPLATE_DEFINITION_HEADER_SIZE = 24;
/** Name structure: next offset (4), hash (2), character count (2), UTF-16 chars, NUL (2). */
export const NAME_HEADER_SIZE = 8;
/** Fragment header: token, major version, minor version, flags. */
export const FRAGMENT_HEADER_SIZE = 4;
