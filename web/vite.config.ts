import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
const api = process.env.PARLEY_API ?? 'http://localhost:4000';

/** The web app: built to web/dist (served by the API server at /); `npm run dev:web` proxies /graphql (http and ws). */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 800,
    // Two pages: the app (index.html) and the API explorer (graphiql.html, served at /graphiql), each its own bundle.
    rolldownOptions: { input: { main: `${root}/index.html`, graphiql: `${root}/graphiql.html` } },
  },
  server: {
    port: 5173,
    proxy: {
      '/graphql': { target: api, ws: true, changeOrigin: true },
      '/healthz': { target: api, changeOrigin: true },
    },
  },
});
