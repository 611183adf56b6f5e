// Ambient declarations the DOM-free core may use. These exist in browsers, workers and Node 20.
// Only what is listed here is allowed; `document`, `window` and friends stay a compile error.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
interface AbortSignal {
  readonly aborted: boolean;
  readonly reason: unknown;
  throwIfAborted(): void;
}
declare const console: {
  log(...a: unknown[]): void;
  warn(...a: unknown[]): void;
  error(...a: unknown[]): void;
};
declare function setTimeout(cb: () => void, ms?: number): unknown;
declare function queueMicrotask(cb: () => void): void;
declare function clearTimeout(handle: unknown): void;
declare const performance: { now(): number } | undefined;
/** Blob exists in browsers, workers and Node 20 alike; the core reads one only through slices. */
declare class Blob {
  constructor(
    parts?: readonly (ArrayBuffer | ArrayBufferView | Blob | string)[],
    options?: { type?: string },
  );
  readonly size: number;
  readonly type: string;
  slice(start?: number, end?: number, contentType?: string): Blob;
  arrayBuffer(): Promise<ArrayBuffer>;
}
