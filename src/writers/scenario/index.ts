// Public entry of the scenario writers (demo case, variants, scenario model).
export { generateDemoCase, generateDemoHost, zipDemoCase } from './demo-case';
export {
  buildDemoScenario,
  DEMO_HOSTS,
  DEMO_VARIANTS,
  type DemoOptions,
  type DemoVariant,
} from './demo-scenario';
export type { AuditSettings, ConnectionSpec, FileSpec, HostSpec, ProcessSpec, Scenario } from './model';
export { type GeneratedFile, renderHost } from './render-host';
