// How every harness launches Debian's Chromium (DESIGN.md §6): Playwright's e2e config and the
// browser benchmarks share these options. Never `npx playwright install`.
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Switches for a headless run that contacts nothing. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
