// Vite build plugin: emits Swagger UI into dist/docs/ so the Go binary can serve /docs without a
// CDN. The three swagger-ui-dist files are read from node_modules at build time (never committed);
// index.html, init.js and a11y.css are ours (docs/): the stock initializer points at petstore,
// and a few Swagger UI styles need fixing for WCAG AA.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { Plugin } from "vite";

const require = createRequire(import.meta.url);
const SWAGGER_FILES = ["swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png"] as const;

export function swaggerDocs(ourDocsDir: string): Plugin {
  return {
    name: "iims-swagger-docs",
    apply: "build",
    generateBundle() {
      const distDir = dirname(require.resolve("swagger-ui-dist/package.json"));
      for (const file of SWAGGER_FILES) {
        this.emitFile({ type: "asset", fileName: `docs/${file}`, source: readFileSync(join(distDir, file)) });
      }
      for (const file of ["index.html", "init.js", "a11y.css"]) {
        this.emitFile({ type: "asset", fileName: `docs/${file}`, source: readFileSync(resolve(ourDocsDir, file)) });
      }
    },
  };
}
