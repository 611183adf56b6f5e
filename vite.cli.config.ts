// Builds the Node CLI from the same sources as the app: dist-cli/tracelens.mjs.
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: { output: { entryFileNames: 'tracelens.mjs', format: 'es' } },
  },
  ssr: { noExternal: true, target: 'node' },
});
