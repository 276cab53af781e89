// Load Streamlit's own plotly chunk while the server is still running the page, instead of when the
// page's first plotly chart arrives: the same URL, so Streamlit's later import of it finds the module
// already fetched and evaluated (4.7 MB of JavaScript: ≈ 0.6 s to fetch while the server imports
// torch, ≈ 0.9 s to evaluate, on two busy cores). Once per browser tab.
// Evaluating it holds the page's main thread, so while a quick map (a first visit's map on a canvas,
// `assets/quick_map/`) is on the page it waits for that map's "idle" event: painted, and the pointer
// at rest on it. With no quick map on the page after QUICK_MAP_WAIT_MS it loads anyway.
const QUICK_MAP_WAIT_MS = 1000;

function load(file) {
  if (window.__aePlotlyPreloaded) return;
  window.__aePlotlyPreloaded = true;
  const index = [...document.scripts].map((s) => s.src).find((src) => /\/static\/js\/index\.[^/]+\.js$/.test(src));
  if (index) import(index.replace(/[^/]+$/, file)).catch(() => { window.__aePlotlyPreloaded = false; });
}

export default function ({ data, parentElement }) {
  // An empty element still takes the page's gap between elements: take its container out of the flow.
  const root = parentElement && parentElement.getRootNode ? parentElement.getRootNode() : null;
  const host = root && root.host ? root.host : parentElement; // isolated styles: a shadow root's host
  const container = host && host.closest ? host.closest(".stElementContainer") : null;
  if (container) container.style.display = "none";
  if (!data || !data.file || window.__aePlotlyPreloaded) return;
  window.addEventListener("ae-quick-map-idle", () => load(data.file), { once: true });
  setTimeout(() => { if (!window.__aeQuickMapActive) load(data.file); }, QUICK_MAP_WAIT_MS);
}
