// The third-party SDK round trip: generate a TypeScript SDK from api/openapi.yaml with the pinned
// @hey-api/openapi-ts, compile it and roundtrip.ts under tsc --strict, start the real binary
// (IIMS_BIN) on a fresh SQLite database, and run the round trip against it.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer } from "../e2e/lib/server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const frontend = resolve(here, "..");
const binary = resolve(process.env.IIMS_BIN ?? resolve(frontend, "../bin/iims"));
const logs = resolve(frontend, "../test-results/sdk");
const bin = (name) => resolve(frontend, "node_modules/.bin", name);

rmSync(resolve(here, "generated"), { recursive: true, force: true });
rmSync(resolve(here, "out"), { recursive: true, force: true });
execFileSync(bin("openapi-ts"), ["-i", resolve(frontend, "../api/openapi.yaml"), "-o", resolve(here, "generated")], { stdio: "inherit" });
execFileSync(bin("tsc"), ["-p", resolve(here, "tsconfig.json")], { stdio: "inherit" });
writeFileSync(resolve(here, "out/package.json"), '{"type": "commonjs"}\n');
mkdirSync(logs, { recursive: true });
const server = await startServer(binary, logs, "sdk");
try {
  execFileSync(process.execPath, [resolve(here, "out/roundtrip.js")], { stdio: "inherit", env: { ...process.env, IIMS_URL: server.baseUrl } });
} catch {
  process.exitCode = 1;
} finally {
  await server.stop();
}
