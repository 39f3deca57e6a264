// Upload progress for a large request body. fetch cannot say how much of a body has been sent;
// XMLHttpRequest can. This is a fetch for openapi-fetch's per-request `fetch` option: it sends the
// request as the client's middleware left it (token, request id, via) with XHR, reports progress,
// and answers with a Response as fetch would, so the rest of the client is unchanged.
export type UploadProgress = (sent: number, total: number) => void;

function responseHeaders(raw: string): Headers {
  const headers = new Headers();
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  return headers;
}

export function fetchWithUploadProgress(onProgress: UploadProgress): (request: Request) => Promise<Response> {
  return async (request) => {
    const body = await request.blob();
    return new Promise<Response>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open(request.method, request.url);
      request.headers.forEach((value, name) => xhr.setRequestHeader(name, value));
      xhr.responseType = "blob";
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded, event.total);
      };
      xhr.onload = () =>
        resolve(new Response(xhr.response as Blob, { status: xhr.status, statusText: xhr.statusText, headers: responseHeaders(xhr.getAllResponseHeaders()) }));
      // As fetch: a TypeError when there is no HTTP answer (request() makes it a network ApiError).
      xhr.onerror = () => reject(new TypeError("Failed to fetch"));
      xhr.onabort = () => reject(new DOMException("The upload was cancelled", "AbortError"));
      request.signal.addEventListener("abort", () => xhr.abort());
      xhr.send(body);
    });
  };
}
