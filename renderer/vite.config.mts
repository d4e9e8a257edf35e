import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const devHost = process.env.TP_DEV_HOST ?? 'http://127.0.0.1:4321';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npm run dev:renderer` against a running `npm run host`.
    proxy: {
      '/api': devHost,
      '/health': devHost,
      '/socket.io': { target: devHost, ws: true },
    },
  },
});
