// Starts the real IIMS binary on a free loopback port with a fresh temporary SQLite database,
// and stops it again. One server per scenario group keeps groups independent. A group may ask for
// extra environment (AUTH=token, REQUIRE_REASON=true) and for API tokens, made before the server
// starts with `iims token create` — the bootstrap an operator uses.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`iims exited with code ${child.exitCode} before becoming healthy`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`iims did not become healthy at ${url} within ${timeoutMs} ms`);
}

/** `iims token create` against the database: the secret is the one line it prints on stdout. */
function createToken(binary, databaseUrl, { name, role }) {
  const out = execFileSync(binary, ["token", "create", "--name", name, "--role", role, "--database-url", databaseUrl], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const secret = out.trim();
  if (!/^iims_[A-Za-z0-9_-]{43}$/.test(secret)) throw new Error(`iims token create printed no secret for ${name}`);
  return secret;
}

/**
 * options.env: extra environment for `iims serve`; options.tokens: [{ name, role }] to make first.
 * Returns the base URL, `secrets` (token name → secret) and stop().
 */
export async function startServer(binary, logDir, name, options = {}) {
  const dir = mkdtempSync(join(tmpdir(), "iims-e2e-"));
  const port = await freePort();
  const databaseUrl = `sqlite:///${join(dir, "test.db")}`;
  const secrets = {};
  try {
    // Making a token migrates the fresh database first, as `serve` would.
    for (const token of options.tokens ?? []) secrets[token.name] = createToken(binary, databaseUrl, token);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const log = createWriteStream(join(logDir, `${name}-server.log`));
  const child = spawn(binary, ["serve", "--port", String(port), "--database-url", databaseUrl], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...(options.env ?? {}) },
  });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(`${baseUrl}/health`, child, 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    baseUrl,
    secrets,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await Promise.race([new Promise((r) => child.once("exit", r)), new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
