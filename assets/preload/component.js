// Load Streamlit's own plotly chunk while the server is still running the page, instead of when the
// page's first plotly chart arrives: the same URL, so Streamlit's later import of it finds the module
// already fetched and evaluated (4.7 MB of JavaScript: ≈ 0.6 s to fetch while the server imports
// torch, ≈ 0.9 s to evaluate, on two busy cores). Once per browser tab.
// It is fetched and compiled at once (a modulepreload link: no script of it runs), but evaluating it
// holds the page's main thread (≈ 0.9 s), which a session's first map drawn as a quick map (a canvas,
// `assets/quick_map/`) needs to paint; that map's plotly chart follows it, and Streamlit evaluates
// the code for it. So this waits QUICK_MAP_WAIT_MS and evaluates it only when no quick map came.
const QUICK_MAP_WAIT_MS = 1000;

function chunkUrl(file) {
  const index = [...document.scripts].map((s) => s.src).find((src) => /\/static\/js\/index\.[^/]+\.js$/.test(src));
  return index ? index.replace(/[^/]+$/, file) : null;
}

function fetchEarly(url) {
  if (document.querySelector(`link[rel="modulepreload"][href="${url}"]`)) return;
  const link = document.createElement("link");
  link.rel = "modulepreload";
  link.href = url;
  document.head.append(link);
}

function load(url) {
  if (window.__aePlotlyPreloaded || window.__aeQuickMapShown) return;
  window.__aePlotlyPreloaded = true;
  import(url).catch(() => { window.__aePlotlyPreloaded = false; });
}

// An empty element still takes the page's gap between elements: a rule in the page takes these
// elements' containers out of the flow (a rerun re-renders a container, and would undo a style set on it).
function hideContainers() {
  if (document.getElementById("ae-preload-hidden")) return;
  const style = document.createElement("style");
  style.id = "ae-preload-hidden";
  style.textContent = '.stElementContainer[class*="st-key-ae_preload_"] { display: none !important; }';
  document.head.append(style);
}

export default function ({ data }) {
  hideContainers();
  const url = data && data.file && !window.__aePlotlyPreloaded ? chunkUrl(data.file) : null;
  if (!url) return;
  fetchEarly(url);
  setTimeout(() => load(url), QUICK_MAP_WAIT_MS);
}
