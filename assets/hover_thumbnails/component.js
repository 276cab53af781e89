// Hover thumbnails for a plotly map: the component finds the chart that Streamlit drew under the
// key it is given, listens to plotly's hover events there and paints the hovered point's image
// (and its reconstruction) from sprite sheets it fetched once, next to the cursor. No server
// round trip per hover. Points carry their index into the sheets as customdata (a number, or an
// array or typed array whose first element is the index). A click on a point pins the same pictures
// beside it at once (the pick preview) while the server's rerun builds the inspector; the preview
// goes when the server says that point is picked (`data.picked`). Given `data.spots`, a click on
// empty space of a 2-D map is decoded here (the map's inverse: assets/map_spots/inverse.js; the
// decoder: assets/live_decoder/, prepended at load time with it) and pinned the same way, until the
// server says that position is picked (`data.picked_position`).
const STATE = (window.__aeHoverThumbnails = window.__aeHoverThumbnails || {});
const SIDE = 96; // thumbnails are drawn about this many pixels wide, enlarged by a whole factor (crisp pixels)

function sheetImages(urls) {
  return urls.map((url) => {
    const image = new Image();
    image.src = url; // a media file of the server: fetched and decoded beside the page's other work
    return image;
  });
}

const PREVIEW_S = 20; // a pick preview the server never confirms (a lost click) goes after this long
const BOX_CSS = "position:fixed;pointer-events:none;display:none;background:#fff;border-radius:4px;padding:4px;"
  + "box-shadow:0 2px 6px rgba(0,0,0,.25);font:12px sans-serif;color:#333;";
const RING_CSS = "position:fixed;pointer-events:none;display:none;width:12px;height:12px;margin:-7px 0 0 -7px;"
  + "border-radius:50%;";

function element(id, css) {
  let found = document.getElementById(id);
  if (!found) {
    found = document.createElement("div");
    found.id = id;
    found.style.cssText = css;
    document.body.appendChild(found);
  }
  return found;
}

// The hover's box and ring, or (pinned) the pick preview's: drawn over the hover's, ringed in yellow.
function overlay(pinned) {
  return pinned
    ? [element("ae-pick-preview", BOX_CSS + "z-index:1002;border:2px solid #111;"),
       element("ae-pick-ring", RING_CSS + "z-index:1001;border:3px solid #111;background:#ffd400;")]
    : [element("ae-hover-thumbnail", BOX_CSS + "z-index:1000;border:1px solid #999;"),
       element("ae-hover-ring", RING_CSS + "z-index:999;border:2px solid #111;background:rgba(255,255,255,.6);")];
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
  const paint = () => context.drawImage(image, (within % perRow) * w, Math.floor(within / perRow) * h, w, h,
                                        0, 0, w * scale, h * scale);
  if (image && image.complete) paint();
  else if (image) image.addEventListener("load", paint, { once: true }); // a sheet still on its way: drawn when it comes
}

function customIndex(data) { // numpy (N, 1) customdata arrives as one typed array per point
  return data === undefined ? NaN : Number(Array.isArray(data) || ArrayBuffer.isView(data) ? data[0] : data);
}

function pointIndex(state, event) {
  const point = event.points && event.points[0];
  if (!point) return null;
  const index = customIndex(point.customdata);
  return index >= 0 && index < state.images.meta.count ? [point, index] : null; // the click grid's points: -1
}

const GRID = -1; // the customdata of the click grid's points: empty space, decoded where it is clicked
const isSpot = (point) => !!point && customIndex(point.customdata) === GRID;

function show(state, event, pinned = false) {
  const found = pointIndex(state, event);
  if (!found) return;
  const [point, index] = found;
  const [box, ring] = overlay(pinned);
  box.replaceChildren();
  if (pinned) {
    const title = document.createElement("div");
    title.style.cssText = "font-weight:600;margin:0 2px 2px;";
    title.textContent = `#${index} · ${state.pending}`;
    box.append(title);
  }
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
  place(state, box, ring, point, event.event);
}

// The box beside the mouse, kept in the window; the ring on the point, drawn on top of the others.
function place(state, box, ring, point, mouse = {}) {
  const x = (mouse.clientX || 0) + 16, y = (mouse.clientY || 0) + 16;
  box.style.display = "block"; // first: a hidden box has no size to keep in the window
  box.style.left = Math.min(x, window.innerWidth - box.offsetWidth - 8 || x) + "px";
  box.style.top = Math.min(y, window.innerHeight - box.offsetHeight - 8 || y) + "px";
  const plot = state.plot.getBoundingClientRect();
  const layout = state.plot._fullLayout;
  if (layout && point.xaxis && point.yaxis) {
    ring.style.left = plot.left + layout._size.l + point.xaxis.l2p(point.x) + "px";
    ring.style.top = plot.top + layout._size.t + point.yaxis.l2p(point.y) + "px";
    ring.style.display = "block";
  }
}

const HOVER_IDS = ["ae-hover-thumbnail", "ae-hover-ring"];
const PREVIEW_IDS = ["ae-pick-preview", "ae-pick-ring"];

function hide(ids = HOVER_IDS) {
  for (const id of ids) {
    const found = document.getElementById(id);
    if (found) found.style.display = "none";
  }
}

function pin(state, event) {
  clearTimeout(state.unpin);
  state.spotSerial = (state.spotSerial || 0) + 1; // a spot still decoding for an earlier click is not shown
  const found = pointIndex(state, event);
  const point = event.points && event.points[0];
  if (found && found[1] !== state.picked) {
    show(state, event, true);
    hide(); // the preview stands where the hover's box stood
    state.unpin = setTimeout(() => hide(PREVIEW_IDS), PREVIEW_S * 1000);
  } else if (!found && isSpot(point) && state.spots) {
    pinSpot(state, point, event.event);
  } else {
    hide(PREVIEW_IDS); // the picked point again, or a map that cannot decode here: the server answers
  }
}

const spotKey = (x, y) => `@${x},${y}`;

// Empty space: the spot's code (the map's inverse) decoded in the browser, pinned as a point's pictures are.
function pinSpot(state, point, mouse) {
  const spots = state.spots, key = spotKey(point.x, point.y), [box, ring] = overlay(true);
  if (state.pickedPosition && key === spotKey(...state.pickedPosition)) { hide(PREVIEW_IDS); return; }
  if (box.style.display === "block" && box.dataset.index === key) return; // plotly's click after the press
  if (!spots.ready) { hide(PREVIEW_IDS); loadSpots(state); return; } // not loaded yet: the server answers
  const serial = state.spotSerial, { decoder, table } = spots.ready, inverse = spots.inverse;
  const code = aeInverse(inverse.kind, table, inverse.latent_dim, inverse.k, point.x, point.y);
  aeDecode(decoder, code).then((pixels) => {
    if (serial !== state.spotSerial) return; // another click or a drag came first
    const [, h, w] = decoder.shape, tile = document.createElement("canvas");
    tile.width = w;
    tile.height = h;
    const pictureData = new ImageData(w, h);
    aeToRGBA(pixels, decoder.shape, pictureData.data);
    tile.getContext("2d").putImageData(pictureData, 0, 0);
    const scale = Math.max(1, Math.floor(SPOT_SIDE / Math.max(w, h))), canvas = document.createElement("canvas");
    canvas.className = "ae-spot-canvas";
    canvas.style.cssText = "display:block;margin:2px auto;";
    canvas.width = w * scale;
    canvas.height = h * scale;
    const context = canvas.getContext("2d");
    context.imageSmoothingEnabled = false;
    context.drawImage(tile, 0, 0, w * scale, h * scale);
    const title = document.createElement("div"), caption = document.createElement("div");
    const width = `max-width:${Math.max(canvas.width, 160)}px;`; // the texts wrap under the picture
    title.style.cssText = "font-weight:600;margin:0 2px 2px;" + width;
    title.textContent = spots.title.replace("{pos}", `${point.x.toFixed(2)}, ${point.y.toFixed(2)}`);
    caption.style.cssText = "text-align:center;" + width;
    caption.textContent = spots.caption;
    box.replaceChildren(title, canvas, caption);
    box.dataset.index = key;
    place(state, box, ring, point, mouse);
    hide();
    state.unpin = setTimeout(() => hide(PREVIEW_IDS), PREVIEW_S * 1000);
  }).catch((err) => console.warn("ae map spots: the server decodes this spot:", err));
}

// The decoder and the map's inverse table, each fetched once per page (files the server serves; the
// runtime: the Generate page's, assets/live_decoder/runtime.js). A failure leaves the server to answer.
const SPOT_FILES = (window.__aeSpotFiles = window.__aeSpotFiles || {});
function fetchedOnce(url, make) {
  if (!SPOT_FILES[url]) SPOT_FILES[url] = make().catch((err) => { delete SPOT_FILES[url]; throw err; });
  return SPOT_FILES[url];
}

function loadSpots(state) {
  const spots = state.spots;
  if (!spots || spots.loading) return;
  const { decoder: spec, inverse } = spots;
  const bytes = (url) => aeFetch(url).then((response) => response.arrayBuffer());
  spots.loading = Promise.all([
    fetchedOnce(spec.url, () => Promise.all([aeRuntime(spots.runtime), bytes(spec.url)])
      .then(([ort, onnx]) => aeOpenDecoder(ort, { ...spec, onnx: new Uint8Array(onnx) }))),
    fetchedOnce(inverse.url, () => bytes(inverse.url).then((buffer) => new Float32Array(buffer))),
  ]).then(([decoder, table]) => { spots.ready = { decoder, table }; })
    .catch((err) => { spots.loading = null; console.warn("ae map spots: the server decodes clicked spots:", err); });
}

// Once the map is drawn and its sheets are in, so that neither waits for the decoder's runtime.
function loadSpotsLater(state) {
  const sheets = state.sets.flatMap((set) => set[1]).filter((image) => !image.complete);
  Promise.all(sheets.map((image) => new Promise((resolve) => {
    image.addEventListener("load", resolve, { once: true });
    image.addEventListener("error", resolve, { once: true });
  }))).then(() => setTimeout(() => loadSpots(state), SPOTS_AFTER_MS));
}

// The server's answer is on the page (it says which point or position is picked): the preview has done its job.
function confirm(state) {
  const box = document.getElementById("ae-pick-preview");
  if (!box || box.style.display !== "block") return;
  const picked = state.picked !== null ? String(state.picked)
    : state.pickedPosition ? spotKey(...state.pickedPosition) : null;
  if (picked === box.dataset.index) hide(PREVIEW_IDS);
}

// A press on the hovered point pins it at once: plotly's click, on release, reports that same
// point (its hover data) but only after it has redrawn the selection, which a big map takes a while
// to draw. A press that moves as far as plotly's drag threshold is a pan or lasso: the pin goes.
const DRAG_PX = 8;
const PRESS_PX = 10; // a press this close to a point's centre is on it (a marker is 6–9 px wide)
const SPOT_SIDE = 112; // a decoded spot is drawn about this many pixels wide (a whole factor)
const SPOTS_AFTER_MS = 500; // after the sheets are in, the decoder's runtime loads

// The point of a 2-D map nearest to the window's (x, y) that `accept`s its customdata index, within
// `radius` px, as plotly's hover data holds a point; null elsewhere and on 3-D maps.
function nearestAt(state, x, y, accept, radius) {
  const plot = state.plot, layout = plot && plot._fullLayout;
  if (!layout || !layout.xaxis || !layout.yaxis || !plot._fullData) return null;
  const box = plot.getBoundingClientRect(), xa = layout.xaxis, ya = layout.yaxis;
  const px = x - box.left - layout._size.l, py = y - box.top - layout._size.t;
  if (px < 0 || py < 0 || px > xa._length || py > ya._length) return null; // off the plotting area
  let best = null, bestDistance = radius * radius;
  for (const trace of plot._fullData) {
    if (!trace.visible || !/^scatter(gl)?$/.test(trace.type) || !trace.customdata || !trace.x) continue;
    for (let i = 0; i < trace._length; i++) {
      const dx = xa.l2p(trace.x[i]) - px, dy = ya.l2p(trace.y[i]) - py, distance = dx * dx + dy * dy;
      if (distance < bestDistance && accept(customIndex(trace.customdata[i]))) {
        bestDistance = distance;
        best = { curveNumber: trace.index, pointNumber: i, pointIndex: i, x: trace.x[i], y: trace.y[i],
                 customdata: trace.customdata[i], data: plot.data[trace.index], fullData: trace, xaxis: xa, yaxis: ya };
      }
    }
  }
  return best;
}

// The image point (not the click grid's) within PRESS_PX of (x, y).
const pointAt = (state, x, y) => nearestAt(state, x, y, (index) => index >= 0 && index < state.images.meta.count,
                                           PRESS_PX);
// The click grid's point nearest (x, y): the spot plotly reports for a click on empty space.
const spotAt = (state, x, y) => nearestAt(state, x, y, (index) => index === GRID, Infinity);

// The point under the press, not the hover's: plotly throttles its hover (50 ms), so a press right after a
// move can find the hover of a spot the mouse has just left, a neighbouring point (seen in Chromium: 3 of 10
// quick clicks on a 360-point map picked the neighbour).
// On empty space (no point under the press, none hovered) the press is on the click grid's nearest
// point, which plotly is then made to report: the server decodes the spot the browser did.
function press(state, event) {
  if (event.button !== 0 || !state.images) return;
  const here = pointAt(state, event.clientX, event.clientY);
  const hovered = state.hovered && state.hovered.points;
  const spot = here || (hovered && pointIndex(state, { points: hovered })) ? null
    : spotAt(state, event.clientX, event.clientY);
  const points = here ? [here] : spot ? [spot] : hovered;
  if (!points) return;
  state.pressed = { x: event.clientX, y: event.clientY, points, exact: !!(here || spot) };
  pin(state, { points, event });
}

// Plotly selects a clicked point from its hover data as it stands at the release. That can be a spot the
// mouse has left (see `press`), or none: a hover it had throttled runs during the press, under the drag
// cover, and clears the data, so the click selects nothing and the server never hears of it (seen in
// Chromium on a 10,000-point map: 2 of 6 quick clicks lost). So a release puts the pressed point there;
// a press beside every point hovers its own spot again (plotly's programmatic hover), or, failing that,
// puts back the point its hover was on.
function release(state, event) {
  const pressed = state.pressed, plot = state.plot;
  state.pressed = null;
  if (!pressed || !plot) return;
  if (pressed.exact) {
    plot._hoverdata = pressed.points;
    return;
  }
  if (plot._hoverdata) return;
  const layout = plot._fullLayout, box = plot.getBoundingClientRect();
  if (window.Plotly && window.Plotly.Fx && layout) {
    window.Plotly.Fx.hover(plot, { xpx: event.clientX - box.left - layout._size.l,
                                   ypx: event.clientY - box.top - layout._size.t });
  }
  if (!plot._hoverdata) plot._hoverdata = pressed.points;
}

function drag(state, event) {
  const pressed = state.pressed;
  if (!pressed || Math.hypot(event.clientX - pressed.x, event.clientY - pressed.y) < DRAG_PX) return;
  state.pressed = null;
  state.spotSerial = (state.spotSerial || 0) + 1;
  hide(PREVIEW_IDS);
}

function attach(state) {
  const plot = document.querySelector(`.st-key-${state.chart} .js-plotly-plot`);
  if (!plot || plot === state.plot || !plot.on) return;
  state.plot = plot;
  if (state.spots) loadSpotsLater(state);
  plot.on("plotly_hover", (event) => { state.hovered = event; show(state, event); });
  plot.on("plotly_unhover", () => { state.hovered = null; hide(); });
  plot.on("plotly_click", (event) => { state.pressed = null; pin(state, event); });
  plot.addEventListener("mousedown", (event) => press(state, event), true);
}

// The thumbnail is fixed to the window, the point scrolls with the page (Streamlit scrolls an inner
// element, hence the capture): a scroll ends the hover, as a move off the point does.
// A press that turns into a drag withdraws its pin; a release ends the press (once per page, for every map),
// before plotly's own listeners hear of it.
if (!window.aeHoverScrollHides) {
  window.aeHoverScrollHides = true;
  document.addEventListener("scroll", () => hide([...HOVER_IDS, ...PREVIEW_IDS]), { capture: true, passive: true });
  window.addEventListener("mousemove", (event) => Object.values(STATE).forEach((state) => drag(state, event)), true);
  window.addEventListener("mouseup", (event) => Object.values(STATE).forEach((state) => release(state, event)), true);
}

export default function (component) {
  const { data } = component;
  if (!data || !data.images) return;
  let state = STATE[data.chart];
  if (!state || state.id !== data.id) { // new sheets: decode them once, keep them across reruns
    if (state) clearInterval(state.timer);
    const sets = [[data.images, sheetImages(data.images.sheets), data.captions[0]]];
    if (data.reconstructions) sets.push([data.reconstructions, sheetImages(data.reconstructions.sheets), data.captions[1]]);
    state = { id: data.id, chart: data.chart, images: data.images, sets, plot: null };
    STATE[data.chart] = state;
    state.timer = setInterval(() => attach(state), 300); // a rerun may draw the chart anew
  }
  state.sets.forEach((set, i) => { set[2] = data.captions[i] || set[2]; }); // the language may change
  state.pending = data.pending || "";
  const spots = data.spots, kept = state.spots;
  if (!spots || !kept || kept.decoder.url !== spots.decoder.url || kept.inverse.url !== spots.inverse.url) {
    state.spots = spots || null; // another model or projection: its own decoder and table
    if (spots && state.plot) loadSpotsLater(state);
  } else {
    Object.assign(kept, { title: spots.title, caption: spots.caption }); // the language may change
  }
  attach(state);
  state.picked = data.picked ?? null; // the point the inspector shows (null: none)
  state.pickedPosition = data.picked_position || null; // or the map position it decodes
  confirm(state);
}
