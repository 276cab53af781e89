// The quick map's line to the server, drawn at the top of the Latent Map page, outside the page's
// fragment. A click on the quick map comes while the server is still in the page's first run
// (importing torch); sent by the quick map itself, inside the fragment, it would ask for a fragment
// run queued behind that run, which Streamlit 1.67's browser side gets wrong ("Bad delta path
// index", and the page loses its connection: seen in Chromium, 2 of 3 clicks). Sent from here it asks
// for a whole-page rerun, which stops the first run and starts afresh, as any widget does.
export default function ({ parentElement, setTriggerValue }) {
  const container = parentElement && parentElement.closest(".stElementContainer");
  if (container) container.style.display = "none"; // an empty element still takes the page's gap
  window.__aeQuickMapRelay = () => { // the quick map's latest click, once
    const pick = window.__aeQuickMapPending;
    window.__aeQuickMapPending = null;
    if (pick) setTriggerValue("pick", pick);
  };
  window.__aeQuickMapRelay(); // a click made before this was mounted
  return () => { if (window.__aeQuickMapRelay) delete window.__aeQuickMapRelay; };
}
