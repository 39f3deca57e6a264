// Drives the real server with a TypeScript SDK that a third-party generator (@hey-api/openapi-ts,
// pinned in package.json) made from api/openapi.yaml alone, as an IIMS user's team would. It must
// compile under --strict and every call must succeed with the types the spec promises.
import { createClient } from "./generated/client";
import * as sdk from "./generated/sdk.gen";
import type { Instance } from "./generated/types.gen";

const baseUrl = process.env.IIMS_URL;
if (!baseUrl) throw new Error("IIMS_URL is not set");
const client = createClient({ baseUrl: `${baseUrl}/api` });

let passed = 0;
let failed = 0;
async function step(name: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
    passed++;
    console.log(`  ✓ ${name}`);
  } catch (error) {
    failed++;
    console.log(`  ✗ ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
function check(ok: boolean, what: string): asserts ok {
  if (!ok) throw new Error(what);
}

async function main(): Promise<void> {
  let first: Instance | undefined;
  let etag = "";
  await step("create two instances", async () => {
    const a = await sdk.instanceCreate({ client, body: { name: "sdk-a", model_name: "llama-7b", cluster_name: "gpu-1", image_tag: "llama:1", replicas: 2, priority: "high" } });
    check(a.response.status === 201 && a.data !== undefined, `create: ${a.response.status} ${JSON.stringify(a.error)}`);
    first = a.data;
    etag = a.response.headers.get("ETag") ?? "";
    check(first.cp === 8 && first.status === "active" && etag === '"1"', `defaults ${JSON.stringify(first)} ${etag}`);
    const b = await sdk.instanceCreate({ client, body: { name: "sdk-b", model_name: "llama-7b", cluster_name: "gpu-2", image_tag: "llama:1", status: "error" } });
    check(b.response.status === 201, `create b: ${b.response.status}`);
    const dup = await sdk.instanceCreate({ client, body: { name: "sdk-a", model_name: "m", cluster_name: "c", image_tag: "i" } });
    check(dup.response.status === 409 && dup.error?.error.type === "Conflict", `duplicate: ${dup.response.status}`);
  });
  await step("list with filters and a sort", async () => {
    const r = await sdk.instanceList({ client, query: { model_name: ["llama-7b"], status: ["active", "error"], sort: ["-replicas", "name"], limit: 10 } });
    check(r.data !== undefined, `list: ${r.response.status} ${JSON.stringify(r.error)}`);
    check(r.data.map((i) => i.name).join(",") === "sdk-a,sdk-b", `order ${r.data.map((i) => i.name)}`);
    check(r.response.headers.get("X-Total-Count") === "2", "X-Total-Count");
  });
  await step("get", async () => {
    check(first !== undefined, "no instance");
    const r = await sdk.instanceGet({ client, path: { id: first.id } });
    check(r.data?.name === "sdk-a" && r.data.description === null, `get: ${JSON.stringify(r.data)}`);
  });
  await step("update with If-Match, and a stale one", async () => {
    check(first !== undefined, "no instance");
    const r = await sdk.instanceUpdate({ client, path: { id: first.id }, headers: { "If-Match": etag }, body: { replicas: 4, description: "scaled" } });
    check(r.data?.replicas === 4 && r.data.version === 2, `update: ${r.response.status} ${JSON.stringify(r.error)}`);
    const stale = await sdk.instanceUpdate({ client, path: { id: first.id }, headers: { "If-Match": etag }, body: { replicas: 5 } });
    check(stale.response.status === 412 && stale.error?.error.details?.current_version === 2, `stale: ${stale.response.status} ${JSON.stringify(stale.error)}`);
  });
  let from = 0;
  let to = 0;
  await step("history", async () => {
    check(first !== undefined, "no instance");
    const r = await sdk.instanceHistoryList({ client, path: { instance_id: first.id } });
    check(r.data !== undefined && r.data.items.length === 2 && r.data.total === 2, `history: ${JSON.stringify(r.data)}`);
    const [newest, oldest] = r.data.items;
    check(newest !== undefined && oldest !== undefined, "two records");
    const replicas = newest.changes?.["replicas"];
    check(replicas?.old === 2 && replicas.new === 4, `changes ${JSON.stringify(newest.changes)}`);
    from = oldest.history_id;
    to = newest.history_id;
    const feed = await sdk.historyList({ client, query: { operation_type: "create", field: ["replicas"] } });
    check(feed.data?.total === 2, `feed: ${JSON.stringify(feed.data)}`);
  });
  await step("compare", async () => {
    const r = await sdk.historyCompare({ client, query: { from, to } });
    check(r.data !== undefined && r.data.changes["description"]?.new === "scaled", `compare: ${JSON.stringify(r.data)}`);
    check(r.data.unchanged_fields.includes("name"), "unchanged fields");
  });
  await step("bulk dry run", async () => {
    check(first !== undefined, "no instance");
    const r = await sdk.instanceBulk({ client, body: { action: "update", ids: [first.id], patch: { status: "inactive" }, dry_run: true } });
    check(r.data?.dry_run === true && r.data.changed_count === 1, `bulk: ${JSON.stringify(r.data ?? r.error)}`);
    const after = await sdk.instanceGet({ client, path: { id: first.id } });
    check(after.data?.status === "active", "a dry run wrote");
    const bad = await sdk.instanceBulk({ client, body: { action: "update", ids: [first.id, 999999], patch: { status: "inactive" } } });
    check(bad.response.status === 404 && bad.error?.error.details?.missing_ids?.[0] === 999999, `missing: ${JSON.stringify(bad.error)}`);
  });
  await step("delete, and the history outlives it", async () => {
    check(first !== undefined, "no instance");
    const r = await sdk.instanceDelete({ client, path: { id: first.id }, headers: { "If-Match": '"2"' } });
    check(r.data?.message === "Instance deleted successfully", `delete: ${r.response.status}`);
    const gone = await sdk.instanceGet({ client, path: { id: first.id } });
    check(gone.response.status === 404 && gone.error?.error.type === "NotFound", "still there");
    const h = await sdk.instanceHistoryList({ client, path: { instance_id: first.id } });
    check(h.data?.items[0]?.operation_type === "delete" && h.data.items[0].changes === null, `delete record ${JSON.stringify(h.data?.items[0])}`);
  });
  await step("stats and health", async () => {
    const s = await sdk.statsGet({ client });
    check(s.data?.total === 1 && s.data.by_status["error"] === 1, `stats ${JSON.stringify(s.data)}`);
    const h = await sdk.healthGet({ client });
    check(h.data?.status === "ok", "health");
  });
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
