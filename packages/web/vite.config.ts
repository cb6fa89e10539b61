import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * @modelreg/client loads its Node-only file transfers with import() on first use. In a browser
 * that import must fail (the SDK then says "needs Node.js"); bundling those modules would only
 * ship dead code that imports node:fs.
 */
function clientNodeModulesStayOut(): Plugin {
  const stub = '\0modelreg-client-node-only';
  return {
    name: 'modelreg-client-node-only',
    enforce: 'pre',
    resolveId(source, importer) {
      const fromClient = importer?.includes('/packages/client/') || importer?.includes('/@modelreg/client/');
      return fromClient === true && source.startsWith('./node/') ? stub : undefined;
    },
    load(id) {
      return id === stub ? "throw new Error('this part of @modelreg/client needs Node.js');" : undefined;
    },
  };
}

// The UI is built into the server package (packages/server/web), which serves it at `/`.
// `npm run dev -w @modelreg/web` serves it with hot reload, the API proxied to a registry on :8080.
export default defineConfig({
  plugins: [clientNodeModulesStayOut(), react()],
  build: {
    outDir: '../server/web',
    emptyOutDir: true,
    target: 'es2022',
    // The first page's JavaScript is measured by the browser test (at most 300 kB gzipped).
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/readyz': 'http://127.0.0.1:8080' },
  },
});
