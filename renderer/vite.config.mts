import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { nodePolyfills } from 'vite-plugin-node-polyfills';

const here = fileURLToPath(new URL('.', import.meta.url));
const devHost = process.env.TP_DEV_HOST ?? 'http://127.0.0.1:4321';

export default defineConfig({
  root: here,
  base: '/',
  plugins: [
    react(),
    // simple-peer 9 (the browser side of each media leg, src/media/rtc.ts) is a Node-style
    // duplex stream (readable-stream): it needs Buffer, process, global and the events module.
    // Only those are polyfilled; nothing else in the app uses Node built-ins.
    nodePolyfills({
      include: ['buffer', 'events', 'process'],
      globals: { Buffer: true, global: true, process: true },
    }),
  ],
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
