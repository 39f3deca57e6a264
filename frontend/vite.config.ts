import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { VitePWA } from "vite-plugin-pwa";
import { defineConfig } from "vitest/config";
import { swaggerDocs } from "./build/swaggerDocs.ts";

const here = fileURLToPath(new URL(".", import.meta.url));
const goServer = `http://127.0.0.1:${process.env.PORT ?? "8000"}`;

export default defineConfig({
  plugins: [
    react(),
    swaggerDocs(`${here}docs`),
    // The service worker (sw/sw.ts): the plugin bundles it and injects the list of files to
    // precache. main.tsx registers it, in production builds only (never in dev or vitest).
    VitePWA({
      strategies: "injectManifest",
      srcDir: "sw",
      filename: "sw.ts",
      injectRegister: false,
      manifest: false,
      devOptions: { enabled: false },
      injectManifest: {
        // The app shell only: Swagger UI (docs/) is served by the binary and never cached.
        globPatterns: ["index.html", "favicon.svg", "assets/**/*.{js,css}"],
        globIgnores: ["docs/**"],
      },
    }),
  ],
  server: {
    port: Number(process.env.FRONTEND_PORT ?? 5173),
    strictPort: true,
    // Everything the Go binary serves besides the SPA. /docs only exists in a production build.
    // ws: /api/events is a WebSocket (live updates), which the proxy only carries when told to.
    proxy: {
      "/api": { target: goServer, ws: true },
      ...Object.fromEntries(["/health", "/openapi.json", "/openapi.yaml", "/docs"].map((path) => [path, goServer])),
    },
  },
  build: {
    // The Go binary embeds this directory (internal/web); scripts/keep-gitkeep.mjs restores .gitkeep.
    outDir: "../internal/web/dist",
    emptyOutDir: true,
    assetsDir: "assets",
    rolldownOptions: {
      output: {
        // React changes rarely and every page needs it: one long-cached chunk. antd is left to
        // the default per-route splitting so e.g. Table only loads with the pages that use it.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 30 },
            { name: "data", test: /node_modules[\\/](@tanstack[\\/](query-core|react-query)|dayjs|openapi-fetch)[\\/]/, priority: 25 },
          ],
        },
      },
    },
  },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    reporters: ["default", "./build/vitestSummaryReporter.ts"],
    testTimeout: 60_000,
    // One test file per core: vitest's default (cores − 1) runs one file at a time on a 2-core CI
    // machine, 192 s for the suite there against 134 s with two.
    maxWorkers: availableParallelism(),
  },
});
