// Builds the app as one self-contained dist/index.html that works from file:// (DESIGN.md §6):
// vite-plugin-singlefile inlines script and style, the parse worker is inlined with
// `?worker&inline` as an iife, and a last plugin adds a hash-based Content-Security-Policy.
import { createHash } from 'node:crypto';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const CSP_MARKER = '<meta name="tracelens-csp">';

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Hashes every inline <script> and <style> and writes the CSP meta tag in place of the marker. */
export function cspFromHashes(html: string): string {
  const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => sha256(m[1]));
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => sha256(m[1]));
  if (/<script\b[^>]*\bsrc=/.test(html) || /<link\b[^>]*rel="stylesheet"/.test(html)) {
    throw new Error('dist/index.html still references an external script or stylesheet');
  }
  if (/\sstyle="/.test(html))
    throw new Error('dist/index.html has a style="" attribute, which the CSP blocks');
  const policy = [
    "default-src 'none'",
    `script-src ${scripts.join(' ') || "'none'"}`,
    `style-src ${styles.join(' ') || "'none'"}`,
    'worker-src blob:',
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  if (!html.includes(CSP_MARKER)) throw new Error('index.html lacks the CSP marker meta tag');
  return html.replace(CSP_MARKER, `<meta http-equiv="Content-Security-Policy" content="${policy}">`);
}

function cspPlugin(): Plugin {
  return {
    name: 'tracelens:csp',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        for (const asset of Object.values(bundle)) {
          if (asset.type === 'asset' && asset.fileName.endsWith('.html')) {
            asset.source = cspFromHashes(String(asset.source));
          }
        }
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), viteSingleFile({ removeViteModuleLoader: true }), cspPlugin()],
  base: './',
  worker: { format: 'iife' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    modulePreload: false,
    reportCompressedSize: false,
    copyPublicDir: false,
  },
});
