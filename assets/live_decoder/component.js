// Streamlit component (st.components.v2): latent sliders that decode in the browser on every
// input event, with the ghost point on a PCA map. The latent goes back to Python on release.
// Prepended at load time: runtime.js (aeRuntime) and decoder.js (aeOpenDecoder, aeDecode, aeToRGBA).

const PIXELS_AFTER_MS = 30;  // a painted image rests this long before its bytes are written for tests

function aeStats() {
  if (!window.__aeLiveStats) window.__aeLiveStats = { decodeMs: [], paints: 0, mountMs: [], paintedAt: 0 };
  return window.__aeLiveStats;
}

function aeBuild(root) {
  root.innerHTML = `
    <div class="ae-live">
      <div class="ae-pictures">
        <canvas class="ae-image" data-testid="ae-live-image"></canvas>
        <canvas class="ae-map" width="260" height="260" data-testid="ae-live-map"></canvas>
        <div class="ae-readout"></div>
      </div>
      <div class="ae-controls">
        <div class="ae-toolbar"><button class="ae-reset" type="button">Reset all</button>
          <span class="ae-note" data-testid="ae-live-note"></span></div>
        <div class="ae-group ae-dims"></div>
        <div class="ae-group ae-pcs"></div>
      </div>
    </div>`;
  return {
    image: root.querySelector(".ae-image"), map: root.querySelector(".ae-map"),
    readout: root.querySelector(".ae-readout"), dims: root.querySelector(".ae-dims"),
    pcs: root.querySelector(".ae-pcs"), reset: root.querySelector(".ae-reset"),
    note: root.querySelector(".ae-note"),
  };
}

// One labelled range input; with `reset` ({title, onClick}), a button that puts it back to the start.
function aeSlider(container, label, min, max, value, onInput, onChange, testId, reset) {
  const row = document.createElement("div");
  row.className = "ae-row";
  row.innerHTML = `<span class="ae-label"></span><input type="range"><output></output>`;
  row.querySelector(".ae-label").textContent = label;
  const input = row.querySelector("input"), out = row.querySelector("output");
  input.min = min; input.max = max; input.step = (max - min) / 400; input.value = value;
  input.setAttribute("aria-label", label);
  input.dataset.testid = testId;
  out.textContent = Number(value).toFixed(2);
  input.addEventListener("input", () => { out.textContent = Number(input.value).toFixed(2); onInput(Number(input.value)); });
  input.addEventListener("change", () => onChange());
  if (reset) {
    const button = document.createElement("button");
    button.type = "button"; button.className = "ae-reset-one"; button.textContent = "↺";
    button.title = reset.title; button.setAttribute("aria-label", `${reset.title}: ${label}`);
    button.dataset.testid = testId + "-reset";
    button.addEventListener("click", reset.onClick);
    row.appendChild(button);
  }
  container.appendChild(row);
  return { input, out };
}

export default function (component) {
  const { setStateValue, parentElement } = component;
  const t0 = performance.now();
  // The decoder and the model's fixed payload (map, slider ranges, neighbour pool) come once per
  // model and browser session; later runs send only what changes. Sessions are kept per model.
  const cache = (window.__aeDecoders = window.__aeDecoders || {});
  const sent = component.data;
  if (sent.spec) {
    const known = cache[sent.model_id];
    const decoder = known && known.sha256 === sent.spec.sha256 ? known.decoder
      : aeRuntime(sent.runtime).then((ort) => aeOpenDecoder(ort, sent.spec));
    cache[sent.model_id] = { sha256: sent.spec.sha256, decoder, payload: sent.payload };
  }
  if (!cache[sent.model_id]) { setStateValue("need", sent.model_id + "@" + Date.now()); return; }
  const { decoder, payload } = cache[sent.model_id];
  const data = { ...payload, ...sent };

  let st = parentElement.__aeState;
  const signature = data.model_id + "|" + data.start.join(",");
  if (!st || st.signature !== signature) {
    const ui = aeBuild(parentElement.querySelector(".ae-root") || parentElement);
    st = parentElement.__aeState = { signature, ui, z: (data.value || data.start).slice(), trail: [], dimInputs: [], pcInputs: [] };
    st.fail = (err) => {  // the server editor takes over; a later mount may try again
      ui.note.textContent = data.labels.failed + " " + (err && err.message || err);
      delete cache[sent.model_id];
      setStateValue("error", String(err && err.message || err));
    };
    buildControls(st, data, setStateValue);
    ui.note.textContent = data.labels.loading;
    ui.image.style.visibility = "hidden";  // until the first image: no empty box, and tests wait for it
    decoder.then((ready) => {
      ui.note.textContent = data.labels.note;
      st.decoder = ready;
      st.mountStarted = t0;  // the first paint records the mount time
      requestPaint(st, data);
    }, st.fail);
  } else if (st.decoder) {
    requestPaint(st, data);
  }
}

function project(data, z) {
  const p = data.pca, out = [];
  for (let j = 0; j < p.components.length; j++) {
    let s = 0;
    for (let i = 0; i < z.length; i++) s += (z[i] - p.mean[i]) * p.components[j][i];
    out.push(s);
  }
  return out;
}

function buildControls(st, data, setStateValue) {
  const { ui } = st;
  const send = () => setStateValue("latent", st.z.slice());
  const syncSliders = (skip) => {
    st.dimInputs.forEach(({ input, out }, k) => {
      if (input === skip) return;
      const i = data.dims[k].index;
      input.value = st.z[i]; out.textContent = st.z[i].toFixed(2);
    });
    const coords = project(data, st.z);
    st.pcInputs.forEach(({ input, out }, j) => {
      if (input === skip) return;
      input.value = coords[j]; out.textContent = coords[j].toFixed(2);
    });
  };
  ui.dims.innerHTML = `<div class="ae-heading">${data.labels.dims}</div>`;
  // Named sliders ("z3 · x_position 0.82", a model scored against known factors) get a wider label column.
  ui.dims.classList.toggle("ae-named", data.dims.some((dim) => dim.label.length > 6));
  data.dims.forEach((dim, k) => {
    const handle = aeSlider(ui.dims, dim.label, dim.min, dim.max, st.z[dim.index], (v) => {
      st.z[dim.index] = v; syncSliders(handle.input); requestPaint(st, data);
    }, send, "ae-dim-" + dim.index, { title: data.labels.reset_one, onClick: () => {
      st.z[dim.index] = data.start[dim.index]; syncSliders(null); requestPaint(st, data); send();
    } });
    st.dimInputs.push(handle);
  });
  ui.pcs.innerHTML = `<div class="ae-heading">${data.labels.pcs}</div>`;
  const start = project(data, st.z);
  data.pca.components.forEach((component, j) => {
    const sd = data.pca.sd[j];
    const handle = aeSlider(ui.pcs, "PC" + (j + 1), -3 * sd, 3 * sd, start[j], (v) => {
      const now = project(data, st.z)[j];
      for (let i = 0; i < st.z.length; i++) st.z[i] += (v - now) * component[i];
      syncSliders(handle.input); requestPaint(st, data);
    }, send, "ae-pc-" + j);
    st.pcInputs.push(handle);
  });
  ui.reset.textContent = data.labels.reset;
  ui.reset.addEventListener("click", () => {
    st.z = data.start.slice(); st.trail = []; syncSliders(null); requestPaint(st, data); send();
  });
}

// Input events can come faster than the screen refreshes: decode once per animation frame, with
// the latest code, one decode at a time, so a slow decoder never queues stale frames behind the hand.
function requestPaint(st, data) {
  st.dirty = true;
  if (st.busy || !st.decoder) return;
  st.busy = true;
  requestAnimationFrame(() => paint(st, data));
}

async function paint(st, data) {
  st.dirty = false;
  const t0 = performance.now();
  try {
    const pixels = await aeDecode(st.decoder, st.z);
    const [c, h, w] = st.decoder.shape;
    const canvas = st.ui.image;
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w; canvas.height = h;
      const scale = 260 / Math.max(h, w);  // the longer side fills the 260-px box; pixels stay square
      canvas.style.width = Math.round(w * scale) + "px"; canvas.style.height = Math.round(h * scale) + "px";
    }
    const ctx = canvas.getContext("2d");
    if (!st.img || st.img.width !== w || st.img.height !== h) st.img = ctx.createImageData(w, h);  // reused: no garbage per frame
    aeToRGBA(pixels, st.decoder.shape, st.img.data);
    ctx.putImageData(st.img, 0, 0);
    canvas.style.visibility = "visible";
    const stats = aeStats(), now = performance.now();
    stats.decodeMs.push(now - t0);
    stats.paints += 1;
    stats.paintedAt = now;
    if (st.mountStarted !== undefined) { stats.mountMs.push(now - st.mountStarted); st.mountStarted = undefined; }
    // For tests: the paints so far and the last one's bytes (`data-paints`, `data-pixels`), written
    // together once the image rests, not on every frame of a drag.
    clearTimeout(st.pixelsTimer);
    st.pixelsTimer = setTimeout(() => {
      canvas.dataset.pixels = aePixelText(st.img.data, c === 3 ? 3 : 1);
      canvas.dataset.paints = String(stats.paints);
    }, PIXELS_AFTER_MS);
    drawMap(st, data);
  } catch (err) {
    st.decoder = null;  // a decoder that fails on a code fails on the next: stop asking it
    st.fail(err);
  } finally {
    st.busy = false;
    if (st.dirty) requestPaint(st, data);
  }
}

// The painted bytes for tests, base64: (H, W) grey values, or (H, W, 3) RGB for a colour decoder.
function aePixelText(rgba, channels) {
  const bytes = new Uint8Array((rgba.length / 4) * channels);
  for (let i = 0, j = 0; i < rgba.length; i += 4) for (let k = 0; k < channels; k++) bytes[j++] = rgba[i + k];
  let text = "";
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
  return btoa(text);
}

function drawMap(st, data) {
  const canvas = st.ui.map, ctx = canvas.getContext("2d");
  const pts = data.pca.points, b = data.pca.bounds;
  // Points outside the data's box are pinned to the border so the ghost never leaves the map.
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const sx = (x) => clamp(10 + ((x - b[0]) / (b[1] - b[0])) * (canvas.width - 20), 4, canvas.width - 4);
  const sy = (y) => clamp(canvas.height - 10 - ((y - b[2]) / (b[3] - b[2])) * (canvas.height - 20), 4, canvas.height - 4);
  if (!st.backdrop) {  // the sample's points never move: draw them once, then copy the picture
    st.backdrop = document.createElement("canvas");
    st.backdrop.width = canvas.width; st.backdrop.height = canvas.height;
    const back = st.backdrop.getContext("2d");
    back.globalAlpha = 0.5;
    for (let i = 0; i < pts.length; i++) {
      back.fillStyle = data.palette[data.pca.labels[i] % data.palette.length] || "#888";
      back.fillRect(sx(pts[i][0]) - 1.5, sy(pts[i][1]) - 1.5, 3, 3);
    }
  }
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(st.backdrop, 0, 0);
  const here = project(data, st.z);
  st.trail.push([here[0], here[1] || 0]);
  if (st.trail.length > 400) st.trail.shift();
  const origin = project(data, data.start);
  ctx.strokeStyle = "#222"; ctx.lineWidth = 1.5; ctx.beginPath();
  ctx.moveTo(sx(origin[0]), sy(origin[1] || 0));
  for (const [x, y] of st.trail) ctx.lineTo(sx(x), sy(y));
  ctx.stroke();
  ctx.fillStyle = "#fff"; ctx.strokeStyle = "#000";
  ctx.beginPath(); ctx.arc(sx(origin[0]), sy(origin[1] || 0), 4, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  ctx.fillStyle = "#e11"; ctx.beginPath(); ctx.arc(sx(here[0]), sy(here[1] || 0), 6, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
  if (!st.pool) st.pool = Float64Array.from(data.nearest_pool.flat());  // one flat array: ≈ 5× faster to scan
  const pool = st.pool, n = st.z.length;
  let best = Infinity;
  for (let start = 0; start < pool.length; start += n) {
    let d = 0;
    for (let i = 0; i < n; i++) { const e = pool[start + i] - st.z[i]; d += e * e; }
    if (d < best) best = d;
  }
  st.ui.readout.textContent = data.labels.distance + " " + Math.sqrt(best).toFixed(2) +
    " (" + data.labels.typical + " " + data.typical_distance.toFixed(2) + ")";
}
