// The quick map: a session's first Latent Map, drawn on a 2-D canvas from the shipped embedding
// while Streamlit's plotly chunk (4.7 MB) is still being fetched and evaluated and the server is still
// importing torch. It looks like the plotly map (same colours, axes, legend on the right), answers a
// hover with the point's index and class and a click at once (a ring on the point and a label),
// and sends the click to the server (through `relay.js`) as the page's pick: a sample index, or a
// spot of the map.
//
// The server draws the plotly map right after it, under it: the quick map stays on top until that
// chart has drawn its data and the quick map is not in use, then hides, so the map never blinks and
// is clickable all along.
const TICKS = 6; // about this many ticks per axis
const NEAR_PX = 10; // a press or hover this close to a point's centre is on it
const DRAG_PX = 8; // a press that moves this far is not a click
const IDLE_MS = 300; // the quick map gives way to plotly only after the pointer has rested this long
const PICK_WAIT_MS = 10000; // a click the server has not answered by then (lost) no longer holds the quick map
const FONT = "12px 'Source Sans Pro', sans-serif";

function decode(b64, Type) {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Type(bytes.buffer);
}

// Ticks at 1, 2 or 5 × 10^k covering [low, high].
function niceTicks(low, high) {
  const raw = (high - low) / TICKS;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) || raw;
  const ticks = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

function tickText(value) {
  return Number(value.toPrecision(6)).toString().replace("-", "\u2212");
}

// The map's points in data units, their pixels on the canvas, and its layout (computed on every resize).
function layout(map, width, context) {
  context.font = FONT;
  const legend = Math.max(...map.classes.map((name) => context.measureText(name).width)) + 44;
  const [x0, x1, y0, y1] = map.range;
  const yTicks = niceTicks(y0, y1);
  const yTickWidth = Math.max(...yTicks.map((v) => context.measureText(tickText(v)).width));
  // margins as plotly lays out the map (measured: 65 px left and below, 30 above, the legend on the right)
  const box = { left: Math.max(65, 10 + 20 + yTickWidth + 12), top: 30, right: width - 10 - legend, bottom: map.height - 65 };
  box.right = Math.max(box.left + 50, box.right);
  const px = new Float32Array(map.count), py = new Float32Array(map.count);
  const sx = (box.right - box.left) / (x1 - x0), sy = (box.bottom - box.top) / (y1 - y0);
  for (let i = 0; i < map.count; i++) {
    px[i] = box.left + (map.x[i] - x0) * sx;
    py[i] = box.bottom - (map.y[i] - y0) * sy;
  }
  return { box, px, py, xTicks: niceTicks(x0, x1), yTicks, sx, sy };
}

function draw(map, canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(200, canvas.parentElement.clientWidth || 600);
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(map.height * ratio);
  canvas.style.width = width + "px";
  canvas.style.height = map.height + "px";
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  const frame = layout(map, width, context);
  map.frame = frame;
  const { box, px, py } = frame;
  const ink = getComputedStyle(canvas).color || "#444"; // the theme's text colour (a dark theme's too)
  // the page's background around the plot, as plotly's paper (it hides the chart's placeholder beneath)
  const app = canvas.closest(".stApp") || document.body;
  context.fillStyle = getComputedStyle(app).backgroundColor || "#fff";
  context.fillRect(0, 0, width, map.height);
  context.fillStyle = "#fff"; // the plot area is white on the plotly map too (plot_bgcolor)
  context.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  // points, one class after the other as plotly's traces are drawn
  const radius = map.size / 2;
  context.globalAlpha = 0.75;
  for (let label = 0; label < map.colours.length; label++) {
    context.fillStyle = map.colours[label];
    context.beginPath();
    for (let i = 0; i < map.count; i++) {
      if (map.labels[i] !== label) continue;
      context.moveTo(px[i] + radius, py[i]);
      context.arc(px[i], py[i], radius, 0, 2 * Math.PI);
    }
    context.fill();
  }
  context.globalAlpha = 1;
  // axes: ticks, their labels and titles
  context.fillStyle = ink;
  context.font = FONT;
  context.textAlign = "center";
  context.textBaseline = "top";
  const [x0, , y0] = map.range;
  for (const v of frame.xTicks) context.fillText(tickText(v), box.left + (v - x0) * frame.sx, box.bottom + 6);
  context.textAlign = "right";
  context.textBaseline = "middle";
  for (const v of frame.yTicks) context.fillText(tickText(v), box.left - 6, box.bottom - (v - y0) * frame.sy);
  context.font = "14px 'Source Sans Pro', sans-serif";
  context.textAlign = "center";
  context.textBaseline = "bottom";
  context.fillText(map.axes[0], (box.left + box.right) / 2, map.height - 18);
  context.save();
  context.translate(20, (box.top + box.bottom) / 2);
  context.rotate(-Math.PI / 2);
  context.textBaseline = "middle";
  context.fillText(map.axes[1], 0, 0);
  context.restore();
  // legend, one entry per class that has points
  context.font = FONT;
  context.textAlign = "left";
  context.textBaseline = "middle";
  let row = 0;
  for (let label = 0; label < map.classes.length; label++) {
    if (!map.present[label]) continue;
    const y = box.top + 10 + row * 22;
    context.fillStyle = map.colours[label];
    context.beginPath();
    context.arc(box.right + 24, y, 4, 0, 2 * Math.PI);
    context.fill();
    context.fillStyle = ink;
    context.fillText(map.classes[label], box.right + 34, y);
    row += 1;
  }
  canvas.dataset.painted = String(map.count);
}

// The point nearest to (x, y) on the canvas, within NEAR_PX; -1 elsewhere.
function nearest(map, x, y) {
  const { px, py } = map.frame;
  let best = -1, bestDistance = NEAR_PX * NEAR_PX;
  for (let i = 0; i < map.count; i++) {
    const dx = px[i] - x, dy = py[i] - y, distance = dx * dx + dy * dy;
    if (distance < bestDistance) { bestDistance = distance; best = i; }
  }
  return best;
}

function inPlot(map, x, y) {
  const { box } = map.frame;
  return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
}

function label(map, index, suffix) {
  return `#${index} \u00b7 ${map.classes[map.labels[index]]}` + (suffix ? ` \u00b7 ${suffix}` : "");
}

// The hover label, and the ring of the hovered and of the picked point, on a canvas over the map's.
function drawMarks(map, ui) {
  const context = ui.marks.getContext("2d");
  const ratio = window.devicePixelRatio || 1;
  if (ui.marks.width !== ui.canvas.width || ui.marks.height !== ui.canvas.height) { // a resize: else only clear
    ui.marks.width = ui.canvas.width;
    ui.marks.height = ui.canvas.height;
    ui.marks.style.width = ui.canvas.style.width;
    ui.marks.style.height = ui.canvas.style.height;
  }
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.clearRect(0, 0, ui.marks.width, ui.marks.height);
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  const ring = (index, fill, radius) => {
    context.beginPath();
    context.arc(map.frame.px[index], map.frame.py[index], radius, 0, 2 * Math.PI);
    context.fillStyle = fill;
    context.fill();
    context.lineWidth = 2;
    context.strokeStyle = "#111";
    context.stroke();
  };
  if (ui.hovered >= 0) ring(ui.hovered, "rgba(255,255,255,.6)", 6);
  if (ui.picked >= 0) ring(ui.picked, "#ffd400", 7);
  if (ui.spot) {
    context.lineWidth = 3;
    context.strokeStyle = "#111";
    context.beginPath();
    const [x, y] = ui.spot;
    context.moveTo(x - 6, y - 6); context.lineTo(x + 6, y + 6);
    context.moveTo(x + 6, y - 6); context.lineTo(x - 6, y + 6);
    context.stroke();
  }
  const shown = ui.hovered >= 0 ? ui.hovered : ui.picked;
  if (shown >= 0) {
    ui.tip.textContent = label(map, shown, shown === ui.picked ? map.pending : "");
    ui.tip.dataset.pinned = shown === ui.picked ? "1" : "";
    ui.tip.style.left = Math.min(map.frame.px[shown] + 12, map.frame.box.right - 60) + "px";
    ui.tip.style.top = map.frame.py[shown] + 12 + "px";
    ui.tip.style.display = "block";
  } else {
    ui.tip.style.display = "none";
  }
}

function local(ui, event) {
  const rect = ui.canvas.getBoundingClientRect();
  return [event.clientX - rect.left, event.clientY - rect.top];
}

// A click goes to the server through the relay outside the page's fragment (`relay.js`: why), with
// the map it was made on; the relay sends one it finds waiting when it is mounted after the click.
function send(map, ui, pick) {
  ui.sentAt = performance.now();
  window.__aeQuickMapPending = { ...pick, view: map.view };
  if (window.__aeQuickMapRelay) window.__aeQuickMapRelay();
}

function listen(map, ui) {
  ui.marks.addEventListener("mousemove", (event) => {
    if (!map.frame) return;
    const [x, y] = local(ui, event);
    const index = nearest(map, x, y);
    ui.marks.style.cursor = inPlot(map, x, y) ? "crosshair" : "default";
    if (index !== ui.hovered) { ui.hovered = index; drawMarks(map, ui); }
  });
  ui.marks.addEventListener("mouseleave", () => { ui.hovered = -1; drawMarks(map, ui); });
  ui.marks.addEventListener("mousedown", (event) => { if (event.button === 0) ui.pressed = local(ui, event); });
  ui.marks.addEventListener("mouseup", (event) => {
    const pressed = ui.pressed;
    ui.pressed = null;
    if (!pressed || !map.frame) return;
    const [x, y] = local(ui, event);
    if (Math.hypot(x - pressed[0], y - pressed[1]) >= DRAG_PX || !inPlot(map, x, y)) return;
    const index = nearest(map, pressed[0], pressed[1]);
    if (index >= 0) {
      ui.picked = index; ui.spot = null;
      send(map, ui, { index });
    } else { // empty space: the server decodes that spot of the map, as it does on the plotly map
      const [x0, , y0] = map.range, { box } = map.frame;
      ui.picked = -1; ui.spot = [x, y];
      send(map, ui, { position: [x0 + (x - box.left) / map.frame.sx, y0 + (box.bottom - y) / map.frame.sy] });
    }
    drawMarks(map, ui);
  });
}

// The quick map stands over the plotly map that follows it in the page (its own element takes no
// room): it goes when that chart has drawn its data, and plotly answers from then on.
function overlay(parentElement) {
  const container = parentElement.closest(".stElementContainer");
  if (!container) return null;
  const saved = container.style.cssText;
  const gap = getComputedStyle(container.parentElement).rowGap || "0px";
  container.style.cssText += `;position:relative;z-index:3;height:0;overflow:visible;margin-bottom:-${gap};`;
  return { container, saved };
}

// Calls `done` once the plotly chart of `chart` has drawn its data and the quick map is not in use:
// the pointer has rested IDLE_MS, and no click of it waits for the server's answer (the run that
// answers it replaces the quick map), or that has waited PICK_WAIT_MS.
function whenDrawn(chart, ui, done) {
  const timer = setInterval(() => {
    const plot = document.querySelector(`.st-key-${chart} .js-plotly-plot`);
    const drawn = plot && plot._fullData && plot._fullLayout && plot.querySelector("canvas");
    const now = performance.now();
    const free = ui.sentAt === null ? now - ui.movedAt > IDLE_MS : now - ui.sentAt > PICK_WAIT_MS;
    if (drawn && free) {
      clearInterval(timer);
      done();
    }
  }, 100);
  return () => clearInterval(timer);
}

export default function (component) {
  const { data, parentElement } = component;
  if (!data || !parentElement) return;
  const x = decode(data.x, Uint16Array), y = decode(data.y, Uint16Array), labels = decode(data.labels, Uint8Array);
  const [x0, x1, y0, y1] = data.range;
  const map = {
    count: labels.length, labels, classes: data.classes, colours: data.colours, axes: data.axes,
    height: data.height, size: data.size, pending: data.pending, range: data.range, present: [], view: data.view,
    x: Float64Array.from(x, (v) => x0 + (v / data.levels) * (x1 - x0)),
    y: Float64Array.from(y, (v) => y0 + (v / data.levels) * (y1 - y0)),
  };
  for (const l of labels) map.present[l] = true;
  parentElement.replaceChildren();
  const holder = document.createElement("div");
  holder.style.cssText = `position:absolute;left:0;top:0;width:100%;height:${data.height}px;`;
  const canvas = document.createElement("canvas");
  canvas.className = "ae-quick-map";
  const marks = document.createElement("canvas");
  marks.style.cssText = "position:absolute;left:0;top:0;";
  const tip = document.createElement("div");
  tip.className = "ae-quick-map-tip";
  tip.style.cssText = "position:absolute;display:none;pointer-events:none;background:#fff;border:1px solid #999;"
    + "border-radius:4px;padding:2px 6px;font:12px sans-serif;color:#333;white-space:nowrap;";
  holder.append(canvas, marks, tip);
  parentElement.append(holder);
  const over = overlay(parentElement);
  const ui = { canvas, marks, tip, hovered: -1, picked: -1, spot: null, pressed: null, movedAt: 0, sentAt: null };
  const paint = () => {
    draw(map, canvas);
    drawMarks(map, ui);
  };
  window.__aeQuickMapShown = true; // the plotly preload (`assets/preload/`) leaves plotly's code to the chart below
  for (const type of ["mousemove", "mousedown", "mouseup"]) {
    marks.addEventListener(type, () => { ui.movedAt = performance.now(); });
  }
  paint();
  listen(map, ui);
  // Tests and benchmarks click a point where it is drawn: its position in the window.
  canvas.pointAt = (index) => {
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + map.frame.px[index], y: rect.top + map.frame.py[index] };
  };
  const resized = new ResizeObserver(() => { if (Math.abs(holder.clientWidth - parseFloat(canvas.style.width)) > 1) paint(); });
  resized.observe(holder);
  const hide = () => { if (over) over.container.style.display = "none"; };
  const stopWaiting = whenDrawn(data.chart, ui, hide);
  return () => {
    resized.disconnect();
    stopWaiting();
    hide();
    if (over) over.container.style.cssText = over.saved; // the element that takes this place next is not a map
  };
}
