// Swagger UI is served by the binary from the embedded build (no CDN).
import { expect } from "../lib/harness.mjs";

export const name = "docs";

export async function register(g, env) {
  g.step("/docs renders the IIMS spec from /openapi.json with local assets only", async () => {
    const page = await env.newPage();
    const external = [];
    page.on("request", (req) => {
      if (!req.url().startsWith(env.baseUrl) && !req.url().startsWith("data:")) external.push(req.url());
    });
    await page.goto(`${env.baseUrl}/docs`);
    await page.locator(".swagger-ui .info .title").waitFor();
    const title = await page.locator(".swagger-ui .info .title").innerText();
    expect(title.includes("IIMS"), `title: ${title}`);
    expect((await page.locator(".opblock").count()) >= 10, "operations listed");
    expect(external.length === 0, `external requests: ${external.join(", ")}`);
    await env.shot(page, "swagger");
  });

  g.step("the SPA answers client routes with index.html (deep link reload)", async () => {
    const page = await env.newPage();
    await page.goto(`${env.baseUrl}/history?operation_type=create`);
    await page.getByRole("heading", { name: "History" }).waitFor();
  });
}
