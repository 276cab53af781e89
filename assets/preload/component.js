// Load Streamlit's own plotly chunk now, while the server is still running the page, instead of
// when the page's first chart arrives: the same URL, so Streamlit's later import of it finds the
// module already fetched and evaluated (4.7 MB of JavaScript: ≈ 0.6 s to fetch while the server
// imports torch, ≈ 0.6 s to evaluate, on two busy cores). Once per browser tab.
export default function ({ data, parentElement }) {
  // An empty element still takes the page's gap between elements: take its container out of the flow.
  const root = parentElement && parentElement.getRootNode ? parentElement.getRootNode() : null;
  const host = root && root.host ? root.host : parentElement; // isolated styles: a shadow root's host
  const container = host && host.closest ? host.closest(".stElementContainer") : null;
  if (container) container.style.display = "none";
  if (!data || !data.file || window.__aePlotlyPreloaded) return;
  window.__aePlotlyPreloaded = true;
  const index = [...document.scripts].map((s) => s.src).find((src) => /\/static\/js\/index\.[^/]+\.js$/.test(src));
  if (index) import(index.replace(/[^/]+$/, data.file)).catch(() => { window.__aePlotlyPreloaded = false; });
}
