// Direct calls to the server's API, for seeding data and checking what the UI really wrote.
// `token`: an API token to call with (servers with AUTH=token).
export function apiClient(baseUrl, token) {
  const auth = token ? { Authorization: `Bearer ${token}` } : {};
  async function call(method, path, body, headers = {}) {
    const res = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { "content-type": "application/json", ...auth, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const json = text ? JSON.parse(text) : undefined;
    return { status: res.status, json, headers: res.headers };
  }
  return {
    call,
    async create(fields) {
      const res = await call("POST", "/instances", {
        model_name: "llama-7b",
        cluster_name: "gpu-cluster-1",
        image_tag: "llama:7b-latest",
        ...fields,
      });
      if (res.status !== 201) throw new Error(`seed create ${fields.name} → ${res.status} ${JSON.stringify(res.json)}`);
      return res.json;
    },
    async byName(name) {
      const res = await call("GET", `/instances?name=${encodeURIComponent(name)}&limit=50`);
      return res.json.find((i) => i.name === name);
    },
    async update(id, patch) {
      const res = await call("PUT", `/instances/${id}`, patch);
      if (res.status !== 200) throw new Error(`update ${id} → ${res.status}`);
      return res.json;
    },
  };
}
