import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes a brotli (quality 11) and a gzip (level 9) copy beside each hashed JS, CSS and SVG file of the
 * build; the server sends the copy the client accepts (sync-server/http/precompressed.ts). Quality 11 costs
 * seconds once per build instead of milliseconds on every request, and makes the first screen's code ~9 %
 * smaller than the server's on-the-fly brotli (q5). The copies are not precached: the service worker keeps
 * the files themselves, as the browser decoded them.
 */
function precompressAssets(): Plugin {
  let outDir = '';
  return {
    name: 'precompress-assets',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const dir = path.join(outDir, 'assets');
      const names = (await fs.readdir(dir)).filter((name) => /\.(js|css|svg)$/.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = path.join(dir, name);
          const bytes = await fs.readFile(file);
          const [br, gz] = await Promise.all([
            brotli(bytes, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
              },
            }),
            gzip(bytes, { level: 9 }),
          ]);
          await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

// Every build carries an id shown in the status bar; a changed id changes the main chunk and so the service
// worker's precache manifest, which is what makes the browser offer the new version. Tests set it.
const BUILD_ID = process.env.VITE_BUILD_ID ?? new Date().toISOString().slice(0, 16).replace('T', ' ');

export default defineConfig({
  publicDir: 'client/public',
  define: {
    __APP_BUILD_ID__: JSON.stringify(BUILD_ID),
  },
  plugins: [
    react(),
    precompressAssets(),
    VitePWA({
      // Prompt, never autoUpdate: an automatic reload could drop a half-typed form.
      registerType: 'prompt',
      // client/pwa/update.ts registers the worker through workbox-window.
      injectRegister: null,
      // Everything in client/public is precached through globPatterns below; listing icons again would
      // only duplicate precache entries.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: '困难职工精准帮扶',
        short_name: '精准帮扶',
        description: '工会困难职工精准帮扶：入户走访、离线采集、闭环管理',
        lang: 'zh-CN',
        dir: 'ltr',
        display: 'standalone',
        orientation: 'any',
        start_url: '/',
        scope: '/',
        theme_color: '#b71c1c',
        background_color: '#ffffff',
        categories: ['government', 'productivity'],
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      workbox: {
        // The first install takes the open page at once, so a worker who goes offline right after the
        // first login is already covered. Later versions wait for "立即更新" (skipWaiting stays false).
        clientsClaim: true,
        cleanupOutdatedCaches: true,
        navigateFallback: '/index.html',
        // The API is never answered from a cache: offline, /api requests fail and the app says so.
        navigateFallbackDenylist: [/^\/api(\/|$)/],
        globPatterns: ['**/*.{js,css,html,png,svg,ico,webmanifest,woff2}'],
        // The chart library (560 KB) serves only the office dashboard, which needs the server anyway: a tablet
        // does not download it into its offline cache; an office PC loads it when the dashboard opens.
        globIgnores: ['**/echarts-*.js'],
        runtimeCaching: [],
      },
    }),
  ],
  build: {
    outDir: 'dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries in their own chunks: they change less often than the app, so an update downloads less.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
            // Dexie opens the stored session on the first screen; zod is not needed until a request is sent
            // or a form is checked, so it has its own chunk and the login and PIN screens do not load it.
            { name: 'dexie', test: /node_modules[\\/](dexie|dexie-react-hooks)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // Charts are office-only (督导首页): their own chunk, reached only from the lazy dashboard.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
            // The rest, except the two small ones the first screen needs (registering the service worker, the
            // device id): with them the login and PIN screens would download the list's virtualiser and the
            // signature pad too.
            { name: 'vendor', test: /node_modules[\\/](?!workbox-window[\\/]|uuid[\\/])/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
