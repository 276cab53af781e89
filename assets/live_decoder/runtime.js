// In-browser decoder: runs the layer list written by ae_models/export.py on one latent vector.
// Plain JavaScript on Float32Arrays; the layer types mirror decode_exported() in export.py.

function aeBase64ToFloat32(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Float32Array(bytes.buffer);
}

// Decode the base64 weights once; returns {layers, latentDim, shape}.
function aeCompileDecoder(spec) {
  const layers = spec.layers.map((layer) => {
    const out = Object.assign({}, layer);
    for (const key of ["weight", "bias", "scale", "shift"]) {
      if (typeof layer[key] === "string") out[key] = aeBase64ToFloat32(layer[key]);
    }
    return out;
  });
  return { layers, latentDim: spec.latent_dim, shape: spec.image_shape };
}

function aeLinear(x, l) {
  const out = new Float32Array(l.out);
  const w = l.weight;
  for (let o = 0; o < l.out; o++) {
    let sum = l.bias[o];
    const row = o * l.in;
    for (let i = 0; i < l.in; i++) sum += w[row + i] * x[i];
    out[o] = sum;
  }
  return out;
}

// First and one-past-last index i in [0, n) with 0 <= i * s + off < limit (loop bounds hoisted out of
// the inner loops, which then run without per-element checks).
function aeRange(n, s, off, limit) {
  const lo = Math.max(0, Math.ceil(-off / s)), hi = Math.min(n, Math.floor((limit - 1 - off) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

function aeConv2d(x, shape, l) {
  const [cIn, h, w] = shape, k = l.k, s = l.stride, p = l.pad;
  const oh = Math.floor((h + 2 * p - k) / s) + 1, ow = Math.floor((w + 2 * p - k) / s) + 1;
  const out = new Float32Array(l.out * oh * ow);
  for (let co = 0; co < l.out; co++) {
    const plane = co * oh * ow;
    out.fill(l.bias[co], plane, plane + oh * ow);
    for (let ci = 0; ci < cIn; ci++) {
      const src = ci * h * w;
      for (let ky = 0; ky < k; ky++) {
        const [y0, y1] = aeRange(oh, s, ky - p, h);
        for (let kx = 0; kx < k; kx++) {
          const wv = l.weight[((co * cIn + ci) * k + ky) * k + kx];
          if (wv === 0) continue;
          const [x0, x1] = aeRange(ow, s, kx - p, w);
          for (let oy = y0; oy < y1; oy++) {
            const rowIn = src + (oy * s - p + ky) * w + kx - p, rowOut = plane + oy * ow;
            for (let ox = x0; ox < x1; ox++) out[rowOut + ox] += wv * x[rowIn + ox * s];
          }
        }
      }
    }
  }
  return { x: out, shape: [l.out, oh, ow] };
}

function aeConvTranspose2d(x, shape, l) {
  const [cIn, h, w] = shape, k = l.k, s = l.stride, p = l.pad;
  const oh = (h - 1) * s - 2 * p + k, ow = (w - 1) * s - 2 * p + k;
  const out = new Float32Array(l.out * oh * ow);
  for (let co = 0; co < l.out; co++) out.fill(l.bias[co], co * oh * ow, (co + 1) * oh * ow);
  for (let ci = 0; ci < cIn; ci++) {
    const src = ci * h * w;
    for (let co = 0; co < l.out; co++) {
      const plane = co * oh * ow;
      for (let ky = 0; ky < k; ky++) {
        const [y0, y1] = aeRange(h, s, ky - p, oh);
        for (let kx = 0; kx < k; kx++) {
          const wv = l.weight[((ci * l.out + co) * k + ky) * k + kx];
          if (wv === 0) continue;
          const [x0, x1] = aeRange(w, s, kx - p, ow);
          for (let iy = y0; iy < y1; iy++) {
            const rowIn = src + iy * w, rowOut = plane + (iy * s - p + ky) * ow + kx - p;
            for (let ix = x0; ix < x1; ix++) out[rowOut + ix * s] += wv * x[rowIn + ix];
          }
        }
      }
    }
  }
  return { x: out, shape: [l.out, oh, ow] };
}

// One latent (array of numbers) → Float32Array of C*H*W pixel values in [0, 1].
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
    else if (l.type === "conv2d") { ({ x, shape } = aeConv2d(x, shape, l)); }
    else if (l.type === "conv_transpose2d") { ({ x, shape } = aeConvTranspose2d(x, shape, l)); }
    else throw new Error("unknown layer " + l.type);
  }
  for (let i = 0; i < x.length; i++) x[i] = 1 / (1 + Math.exp(-x[i]));
  return x;
}
