// Hover thumbnails for a plotly map: the component finds the chart that Streamlit drew under the
// key it is given, listens to plotly's hover events there and paints the hovered point's image
// (and its reconstruction) from sprite sheets it was sent once, next to the cursor. No server
// round trip per hover. Points carry their index into the sheets as customdata (a number, or an
// array or typed array whose first element is the index).
const STATE = (window.__aeHoverThumbnails = window.__aeHoverThumbnails || {});
const SIDE = 96; // thumbnails are drawn about this many pixels wide, enlarged by a whole factor (crisp pixels)

function sheetImages(sheets) {
  return sheets.map((b64) => {
    const image = new Image();
    image.src = "data:image/png;base64," + b64;
    return image;
  });
}

function ensureOverlay() {
  let box = document.getElementById("ae-hover-thumbnail");
  if (!box) {
    box = document.createElement("div");
    box.id = "ae-hover-thumbnail";
    box.style.cssText = "position:fixed;z-index:1000;pointer-events:none;display:none;background:#fff;"
      + "border:1px solid #999;border-radius:4px;padding:4px;box-shadow:0 2px 6px rgba(0,0,0,.25);"
      + "font:12px sans-serif;color:#333;";
    const ring = document.createElement("div");
    ring.id = "ae-hover-ring";
    ring.style.cssText = "position:fixed;z-index:999;pointer-events:none;display:none;width:12px;height:12px;"
      + "margin:-7px 0 0 -7px;border:2px solid #111;border-radius:50%;background:rgba(255,255,255,.6);";
    document.body.appendChild(box);
    document.body.appendChild(ring);
  }
  return box;
}

function drawTile(canvas, set, images, index) {
  const { tile_h: h, tile_w: w, per_row: perRow } = set.meta;
  const perSheet = perRow * perRow;
  const image = images[Math.floor(index / perSheet)];
  const within = index % perSheet;
  const scale = Math.max(1, Math.floor(SIDE / Math.max(w, h)));
  canvas.width = w * scale;
  canvas.height = h * scale;
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = false;
  if (image && image.complete) {
    context.drawImage(image, (within % perRow) * w, Math.floor(within / perRow) * h, w, h, 0, 0, w * scale, h * scale);
  }
}

function show(state, event) {
  const point = event.points && event.points[0];
  if (!point || point.customdata === undefined) return;
  const data = point.customdata; // numpy (N, 1) customdata arrives as one typed array per point
  const index = Number(Array.isArray(data) || ArrayBuffer.isView(data) ? data[0] : data);
  if (!(index >= 0 && index < state.images.meta.count)) return;
  const box = ensureOverlay();
  box.replaceChildren();
  for (const [set, images, caption] of state.sets) {
    const figure = document.createElement("div");
    figure.style.cssText = "display:inline-block;text-align:center;margin:0 2px;";
    const canvas = document.createElement("canvas");
    canvas.className = "ae-hover-canvas";
    drawTile(canvas, set, images, index);
    const label = document.createElement("div");
    label.textContent = caption;
    figure.append(canvas, label);
    box.append(figure);
  }
  box.dataset.index = String(index);
  const mouse = event.event || {};
  const x = (mouse.clientX || 0) + 16, y = (mouse.clientY || 0) + 16;
  box.style.left = Math.min(x, window.innerWidth - box.offsetWidth - 8 || x) + "px";
  box.style.top = Math.min(y, window.innerHeight - box.offsetHeight - 8 || y) + "px";
  box.style.display = "block";
  const ring = document.getElementById("ae-hover-ring");
  const plot = state.plot.getBoundingClientRect();
  const layout = state.plot._fullLayout;
  if (ring && layout && point.xaxis && point.yaxis) { // the hovered point, drawn on top of the others
    ring.style.left = plot.left + layout._size.l + point.xaxis.l2p(point.x) + "px";
    ring.style.top = plot.top + layout._size.t + point.yaxis.l2p(point.y) + "px";
    ring.style.display = "block";
  }
}

function hide() {
  for (const id of ["ae-hover-thumbnail", "ae-hover-ring"]) {
    const element = document.getElementById(id);
    if (element) element.style.display = "none";
  }
}

function attach(state) {
  const plot = document.querySelector(`.st-key-${state.chart} .js-plotly-plot`);
  if (!plot || plot === state.plot || !plot.on) return;
  state.plot = plot;
  plot.on("plotly_hover", (event) => show(state, event));
  plot.on("plotly_unhover", hide);
}

// The thumbnail is fixed to the window, the point scrolls with the page (Streamlit scrolls an inner
// element, hence the capture): a scroll ends the hover, as a move off the point does.
if (!window.aeHoverScrollHides) {
  window.aeHoverScrollHides = true;
  document.addEventListener("scroll", hide, { capture: true, passive: true });
}

export default function (component) {
  const { data, setStateValue } = component;
  if (!data) return;
  let state = STATE[data.chart];
  if ((!state || state.id !== data.id) && !data.images) { // the server thinks we have them: ask again
    setStateValue("need", data.id + "@" + Date.now());
    return;
  }
  if (!state || state.id !== data.id) { // new sheets: decode them once, keep them across reruns
    if (state) clearInterval(state.timer);
    const sets = [[data.images, sheetImages(data.images.sheets), data.captions[0]]];
    if (data.reconstructions) sets.push([data.reconstructions, sheetImages(data.reconstructions.sheets), data.captions[1]]);
    state = { id: data.id, chart: data.chart, images: data.images, sets, plot: null };
    STATE[data.chart] = state;
    state.timer = setInterval(() => attach(state), 300); // a rerun may draw the chart anew
  }
  state.sets.forEach((set, i) => { set[2] = data.captions[i] || set[2]; }); // the language may change
  attach(state);
}
