// Thin entry of the analysis worker: every message goes to AnalysisCore (analysis-core.ts).
import { type AnalysisMessage, AnalysisCore } from '../analysis/analysis-session';

const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<AnalysisMessage>) => void) | null;
};

const core = new AnalysisCore((answer, transfer) => scope.postMessage(answer, transfer));
scope.onmessage = (e) => core.handle(e.data);
