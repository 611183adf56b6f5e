// Thin entry of the analysis worker: every message goes to AnalysisSession (src/analysis/analysis-session.ts).
import { type AnalysisMessage, AnalysisSession } from '../analysis/analysis-session';

const scope = self as unknown as {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((e: MessageEvent<AnalysisMessage>) => void) | null;
};

const core = new AnalysisSession((answer, transfer) => scope.postMessage(answer, transfer));
scope.onmessage = (e) => core.handle(e.data);
