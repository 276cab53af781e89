// onnxruntime-web, loaded once per page from the folder Python serves (`runtime` = its URL path): the
// API script, its Emscripten glue as a blob (so the server's MIME type for .mjs does not matter) and
// the wasm, stored gzipped (see assets/onnxruntime-web/refresh.py) and inflated here; single-threaded
// (no cross-origin isolation needed). Kept on `window` across reruns.
async function aeFetch(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error("could not load " + url + " (HTTP " + response.status + ")");
  return response;
}

function aeRuntime(runtime) {
  if (!window.__aeOrt) window.__aeOrt = (async () => {
    const base = new URL(runtime, window.location.origin).href;
    const [, glue, wasm] = await Promise.all([  // the three downloads at once
      window.ort || new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = base + "ort.wasm.min.js";
        script.onload = resolve;
        script.onerror = () => reject(new Error("could not load " + script.src));
        document.head.appendChild(script);
      }),
      aeFetch(base + "ort-wasm-simd-threaded.mjs").then((r) => r.text()),
      aeFetch(base + "ort-wasm-simd-threaded.wasm.gz")
        .then((r) => new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).blob()),
    ]);
    const ort = window.ort;
    ort.env.wasm.numThreads = 1;
    ort.env.wasm.wasmPaths = {  // URLs, not `wasmBinary`: streaming compilation starts about twice as fast
      mjs: URL.createObjectURL(new Blob([glue], { type: "text/javascript" })),
      wasm: URL.createObjectURL(new Blob([wasm], { type: "application/wasm" })),
    };
    return ort;
  })().catch((err) => { window.__aeOrt = null; throw err; });  // a later mount tries again
  return window.__aeOrt;
}
