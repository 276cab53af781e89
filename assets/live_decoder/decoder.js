// In-browser decoder on onnxruntime-web (vendored in assets/onnxruntime-web/): one ONNX decoder per
// model, run on one latent code; its output read as ae_models/onnx/model.py's OnnxDecoder reads it on
// the server (layout, pixel range, pixels or logits), so zoo and user models paint the same way.
// No DOM here: tests/test_live_decoder_js.py runs these functions under Node on the same files.

function aeBase64ToBytes(text) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(text);
  const binary = atob(text), bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// `spec` is ae_models.onnx.browser.BrowserDecoder.to_json() (the ONNX as base64, or as bytes: a
// Uint8Array fetched from a file); resolves to {session, spec, shape}.
async function aeOpenDecoder(ort, spec) {
  const onnx = typeof spec.onnx === "string" ? aeBase64ToBytes(spec.onnx) : spec.onnx;
  const session = await ort.InferenceSession.create(onnx,
    { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  const batch = spec.batch || 1;
  const input = new Float32Array(batch * spec.latent_dim);  // rows after the first stay zero codes
  return { ort, session, spec, shape: spec.image_shape, input,
           feed: { [session.inputNames[0]]: new ort.Tensor("float32", input, [batch, spec.latent_dim]) } };
}

// One latent (array of numbers) → Float32Array of C·H·W values in [0, 1], channel-planar as PyTorch's
// (C, H, W). Decodes of one decoder run one after another: they share its input tensor and its output
// array (read or copy it before the next decode).
function aeDecode(decoder, z) {
  const run = (decoder.last || Promise.resolve()).then(() => aeDecodeNow(decoder, z));
  decoder.last = run.catch(() => undefined);
  return run;
}

async function aeDecodeNow(decoder, z) {
  decoder.input.set(z);
  const results = await decoder.session.run(decoder.feed);
  const raw = results[decoder.session.outputNames[0]].data;
  const [c, h, w] = decoder.shape, plane = h * w;
  const out = decoder.out || (decoder.out = new Float32Array(c * plane));  // reused: a drag makes no garbage here
  if (decoder.spec.layout === "NHWC") {
    for (let i = 0; i < plane; i++) for (let k = 0; k < c; k++) out[k * plane + i] = raw[i * c + k];
  } else {
    out.set(raw.subarray(0, c * plane));  // NCHW, NHW (C = 1) and flat hold the planes in this order
  }
  if (decoder.spec.output === "logits") {
    for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-out[i]));
  } else {
    const [low, high] = decoder.spec.pixel_range, span = high - low;
    for (let i = 0; i < out.length; i++) out[i] = Math.min(1, Math.max(0, (out[i] - low) / span));
  }
  return out;
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
