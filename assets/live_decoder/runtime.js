// In-browser decoder: runs the layer list written by ae_models/export.py on one latent vector.
// Plain JavaScript on Float32Arrays in PyTorch's channel-planar (C, H, W) order, any C; the layer
// types mirror decode_exported() in export.py.

function aeBase64ToFloat32(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

// Decode the base64 weights once and plan every convolution for the size it will see (the sizes
// follow from the layer list); returns {layers, latentDim, shape}.
function aeCompileDecoder(spec) {
  let shape = [spec.latent_dim];
  const layers = spec.layers.map((layer) => {
    const l = Object.assign({}, layer);
    for (const key of ["weight", "bias", "scale", "shift"]) {
      if (typeof layer[key] === "string") l[key] = aeBase64ToFloat32(layer[key]);
    }
    if (l.type === "linear") shape = [l.out];
    else if (l.type === "unflatten") shape = l.shape.slice();
    else if (l.type === "crop") shape = [shape[0], l.h, l.w];
    else if (l.type === "conv2d" || l.type === "conv_transpose2d") { l.plan = aePlanConv(l, shape); shape = l.plan.shape; }
    return l;
  });
  return { layers, latentDim: spec.latent_dim, shape: spec.image_shape };
}

function aeLinear(x, l) {
  const out = new Float32Array(l.out), w = l.weight, n = l.in, n4 = n - (n % 4);
  for (let o = 0; o < l.out; o++) {
    const row = o * n;
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;  // four sums: independent additions run in parallel
    for (let i = 0; i < n4; i += 4) {
      s0 += w[row + i] * x[i]; s1 += w[row + i + 1] * x[i + 1];
      s2 += w[row + i + 2] * x[i + 2]; s3 += w[row + i + 3] * x[i + 3];
    }
    for (let i = n4; i < n; i++) s0 += w[row + i] * x[i];
    out[o] = l.bias[o] + (s0 + s1) + (s2 + s3);
  }
  return out;
}

// One axis of a convolution as phases: output o = o0 + oStep·m (m < count) reads input
// i0 + iStep·m + tap.d with kernel index tap.k. A convolution has one phase (iStep = stride); a
// transposed convolution of stride s has s (oStep = s), so no multiply ever hits an inserted zero.
function aeAxisPhases(type, n, k, s, p) {
  if (type === "conv2d") {
    const size = Math.floor((n + 2 * p - k) / s) + 1, taps = Array.from({ length: k }, (_, kk) => ({ d: kk, k: kk }));
    return { size, phases: [{ o0: 0, oStep: 1, i0: -p, iStep: s, count: size, taps }] };
  }
  const size = (n - 1) * s - 2 * p + k, phases = [];
  for (let r = 0; r < s && r < size; r++) {  // output r + s·m = input (m + d)·s − p + kernel index
    const taps = [];
    for (let kk = 0; kk < k; kk++) if ((((r + p - kk) % s) + s) % s === 0) taps.push({ d: (r + p - kk) / s, k: kk });
    phases.push({ o0: r, oStep: s, i0: 0, iStep: 1, count: Math.ceil((size - r) / s), taps });
  }
  return { size, phases };
}

// Every convolution runs as one gather: each output pixel sums weight × padded input over
// (input channel, tap), eight neighbouring outputs of a row at a time: each weight is read once for
// eight, and eight independent sums keep the CPU busy (about 2.5× faster in Node than adding one tap
// at a time into the output plane).
function aePlanConv(l, [cIn, h, w]) {
  const ys = aeAxisPhases(l.type, h, l.k, l.stride, l.pad), xs = aeAxisPhases(l.type, w, l.k, l.stride, l.pad);
  const reach = (axis, n) => {  // zero padding so that every tap reads inside the padded plane
    let lo = 0, hi = 0;
    for (const ph of axis.phases) for (const t of ph.taps) {
      lo = Math.max(lo, -(ph.i0 + t.d));
      hi = Math.max(hi, ph.i0 + ph.iStep * (ph.count - 1) + t.d - (n - 1));
    }
    return [lo, hi];
  };
  const [top, bottom] = reach(ys, h), [left, right] = reach(xs, w);
  const hp = h + top + bottom, wp = w + left + right, plane = hp * wp;
  let slack = 0;  // the last block of eight may read up to seven steps past the last pixel it needs
  const phases = [];
  for (const py of ys.phases) for (const px of xs.phases) {
    const taps = [];
    for (const ty of py.taps) for (const tx of px.taps) taps.push([ty.d * wp + tx.d, ty.k, tx.k]);
    const T = taps.length, offsets = new Int32Array(cIn * T), weight = new Float32Array(l.out * cIn * T);
    for (let ci = 0; ci < cIn; ci++) {
      taps.forEach(([off, ky, kx], t) => {
        offsets[ci * T + t] = ci * plane + off;
        for (let co = 0; co < l.out; co++) {
          const from = l.type === "conv2d" ? (co * cIn + ci) * l.k : (ci * l.out + co) * l.k;
          weight[(co * cIn + ci) * T + t] = l.weight[(from + ky) * l.k + kx];
        }
      });
    }
    slack = Math.max(slack, 7 * px.iStep);
    phases.push({ offsets, weight, rowsOut: py, colsOut: px,
                  start: (py.i0 + top) * wp + px.i0 + left, rowStep: py.iStep * wp, colStep: px.iStep });
  }
  return { shape: [l.out, ys.size, xs.size], padded: new Float32Array(cIn * plane + slack),
           cIn, h, w, top, left, wp, plane, phases };
}

function aeConv(x, l) {
  const plan = l.plan, xp = plan.padded, { cIn, h, w, wp, plane } = plan;
  for (let c = 0; c < cIn; c++)  // the borders stay zero: only the inside is ever written
    for (let y = 0; y < h; y++) {
      const from = (c * h + y) * w, to = c * plane + (y + plan.top) * wp + plan.left;
      for (let i = 0; i < w; i++) xp[to + i] = x[from + i];
    }
  const [cOut, oh, ow] = plan.shape, out = new Float32Array(cOut * oh * ow);
  for (const ph of plan.phases) {
    const { offsets, weight, rowsOut, colsOut, rowStep, colStep } = ph;
    const n = offsets.length, ny = rowsOut.count, nx = colsOut.count;
    const s1 = colStep, s2 = 2 * s1, s3 = 3 * s1, s4 = 4 * s1, s5 = 5 * s1, s6 = 6 * s1, s7 = 7 * s1;
    for (let co = 0; co < cOut; co++) {
      const b = l.bias[co], w0 = co * n;
      for (let m = 0; m < ny; m++) {
        const rowOut = (co * oh + rowsOut.o0 + m * rowsOut.oStep) * ow + colsOut.o0, rowIn = ph.start + m * rowStep;
        for (let q = 0; q < nx; q += 8) {
          const src = rowIn + q * colStep;
          let a0 = b, a1 = b, a2 = b, a3 = b, a4 = b, a5 = b, a6 = b, a7 = b;
          for (let j = 0; j < n; j++) {
            const v = weight[w0 + j], i = src + offsets[j];
            a0 += v * xp[i]; a1 += v * xp[i + s1]; a2 += v * xp[i + s2]; a3 += v * xp[i + s3];
            a4 += v * xp[i + s4]; a5 += v * xp[i + s5]; a6 += v * xp[i + s6]; a7 += v * xp[i + s7];
          }
          const step = colsOut.oStep, o = rowOut + q * step, rest = nx - q;
          out[o] = a0;
          if (rest > 1) out[o + step] = a1;
          if (rest > 2) out[o + 2 * step] = a2;
          if (rest > 3) out[o + 3 * step] = a3;
          if (rest > 4) out[o + 4 * step] = a4;
          if (rest > 5) out[o + 5 * step] = a5;
          if (rest > 6) out[o + 6 * step] = a6;
          if (rest > 7) out[o + 7 * step] = a7;
        }
      }
    }
  }
  return out;
}

// One latent (array of numbers) → Float32Array of C*H*W pixel values in [0, 1], channel-planar
// (all of channel 0, then channel 1, …), as PyTorch's (C, H, W).
function aeDecode(decoder, z) {
  let x = Float32Array.from(z);
  let shape = [x.length];
  for (const l of decoder.layers) {
    if (l.type === "linear") { x = aeLinear(x, l); shape = [l.out]; }
    else if (l.type === "relu") { for (let i = 0; i < x.length; i++) if (x[i] < 0) x[i] = 0; }
    else if (l.type === "unflatten") { shape = l.shape.slice(); }
    else if (l.type === "affine") {
      const plane = shape[1] * shape[2];
      for (let c = 0; c < shape[0]; c++) {
        const a = l.scale[c], b = l.shift[c];
        for (let i = c * plane; i < (c + 1) * plane; i++) x[i] = x[i] * a + b;
      }
    }
    else if (l.type === "crop") {
      const [c, h, w] = shape, out = new Float32Array(c * l.h * l.w);
      for (let ch = 0; ch < c; ch++)
        for (let y = 0; y < l.h; y++)
          for (let xx = 0; xx < l.w; xx++) out[(ch * l.h + y) * l.w + xx] = x[(ch * h + y) * w + xx];
      x = out; shape = [c, l.h, l.w];
    }
    else if (l.type === "conv2d" || l.type === "conv_transpose2d") { x = aeConv(x, l); shape = l.plan.shape; }
    else throw new Error("unknown layer " + l.type);
  }
  for (let i = 0; i < x.length; i++) x[i] = 1 / (1 + Math.exp(-x[i]));
  return x;
}

// Decoded (C, H, W) values in [0, 1] → the canvas's RGBA bytes (`rgba`, length 4·H·W): grey when
// C = 1, red/green/blue planes when C = 3. Rounds as ae_models.imaging.to_uint8 does.
function aeToRGBA(pixels, shape, rgba) {
  const [c, h, w] = shape, plane = h * w, green = c === 3 ? plane : 0, blue = c === 3 ? 2 * plane : 0;
  const byte = (v) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  for (let i = 0; i < plane; i++) {
    rgba[4 * i] = byte(pixels[i]);
    rgba[4 * i + 1] = byte(pixels[green + i]);
    rgba[4 * i + 2] = byte(pixels[blue + i]);
    rgba[4 * i + 3] = 255;
  }
  return rgba;
}
