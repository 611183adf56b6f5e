// What the parse worker answers: each WorkerApi call runs its src/pipeline/parse-outcome.ts
// function and adds only transfers, throttled progress and heartbeats. parse.worker.ts exposes it;
// tests expose the same object over a MessageChannel.
import * as Comlink from 'comlink';
import { batchTransferables } from '../model/events-table';
import { mftColumnsTransferables } from '../pipeline/mft-parts';
import {
  parseEvtxPartOf,
  parseMftPartOf,
  parseOrigin,
  recordDetailOf,
  scanMftPartOf,
} from '../pipeline/parse-outcome';
import { generateDemoCase, zipDemoCase } from '../writers/scenario/index';
import type { DemoFile, FileOrigin, ProgressCallback, WorkerApi } from './api';

const PROGRESS_INTERVAL_MS = 100;
const HEARTBEAT_MS = 1000;

async function withProgress<T>(
  onProgress: ProgressCallback | undefined,
  run: (report: ProgressCallback) => Promise<T>,
): Promise<T> {
  let last: [number, number, 'inflate' | 'parse'] = [0, 0, 'parse'];
  let sentAt = 0;
  const report: ProgressCallback = (done, total, phase) => {
    last = [done, total, phase];
    const now = Date.now();
    if (now - sentAt >= PROGRESS_INTERVAL_MS) {
      sentAt = now;
      void onProgress?.(done, total, phase);
    }
  };
  const beat = setInterval(() => void onProgress?.(...last), HEARTBEAT_MS);
  try {
    return await run(report);
  } finally {
    clearInterval(beat);
  }
}

function transferFiles(files: DemoFile[]): DemoFile[] {
  return Comlink.transfer(
    files,
    files.map((f) => f.bytes.buffer as ArrayBuffer),
  );
}

/** The parse worker's calls, with transfers, throttled progress and heartbeats. */
export function createParseWorkerApi(): WorkerApi {
  return {
    ping: async () => 'pong',
    parse: async (origin: FileOrigin, fileName: string, onProgress?: ProgressCallback) => {
      const out = await withProgress(onProgress, (report) => parseOrigin(origin, fileName, report));
      return out.kind === 'parsed' ? Comlink.transfer(out, batchTransferables(out.batch)) : out;
    },
    parseEvtxPart: async (origin, fileName, part, withHeader, onProgress) => {
      const out = await withProgress(onProgress, (report) =>
        parseEvtxPartOf(origin, fileName, part, withHeader, report),
      );
      return Comlink.transfer(out, batchTransferables(out.batch));
    },
    scanMftPart: async (origin, fileName, layout, part, onProgress) => {
      const out = await withProgress(onProgress, (report) =>
        scanMftPartOf(origin, fileName, layout, part, report),
      );
      return Comlink.transfer(out, mftColumnsTransferables(out.columns));
    },
    parseMftPart: async (origin, fileName, layout, part, columns, onProgress) => {
      const out = await withProgress(onProgress, (report) =>
        parseMftPartOf(origin, fileName, layout, part, columns, report),
      );
      return Comlink.transfer(out, batchTransferables(out.batch));
    },
    recordDetail: (origin, fileName, recordOffset) => recordDetailOf(origin, fileName, recordOffset),
    generateDemo: async (variant, scale) => {
      const files = generateDemoCase({ variant, scale });
      return transferFiles(files.map((f) => ({ path: f.path, bytes: f.bytes })));
    },
    demoZip: async (variant, scale) => {
      const zip = zipDemoCase(generateDemoCase({ variant, scale }));
      return Comlink.transfer(zip, [zip.buffer as ArrayBuffer]);
    },
  };
}
