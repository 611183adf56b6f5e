// Thin worker entry: exposes the parse worker's calls (parse-worker-api.ts) through comlink.
import * as Comlink from 'comlink';
import { createParseWorkerApi } from './parse-worker-api';

Comlink.expose(createParseWorkerApi());
