// A 2-D map position → the latent code that `ae_models.latent_map.MapInverse` describes, as the
// server's `Projector.inverse_transform` computes it: "linear" (PCA, the raw latent): mean + x·axis₁
// + y·axis₂; "nearest" (t-SNE, UMAP): the inverse-distance² weighted mean of the codes of the k map
// points nearest (x, y), an exact hit winning outright. No DOM here: tests/test_map_spots_js.py runs
// it under Node against the server's inverse.

// `table` is the MapInverse's float32 table (a Float32Array, row-major): "linear" (1 + axes, d): the
// mean, then one row per map axis; "nearest" (N, 2 + d): each point's map position, then its code.
function aeInverse(kind, table, latentDim, k, x, y) {
  const d = latentDim, code = new Float64Array(d);
  if (kind === "linear") {
    const axes = table.length / d - 1, point = [x, y];
    for (let j = 0; j < d; j++) {
      let value = table[j];
      for (let a = 0; a < axes; a++) value += point[a] * table[(a + 1) * d + j];
      code[j] = value;
    }
    return code;
  }
  const row = 2 + d, count = table.length / row, nearest = [];  // [squared distance, row], ascending
  for (let i = 0; i < count; i++) {
    const dx = table[i * row] - x, dy = table[i * row + 1] - y, distance = dx * dx + dy * dy;
    if (nearest.length === k && distance >= nearest[k - 1][0]) continue;
    let at = nearest.length < k ? nearest.push(null) - 1 : k - 1;
    for (; at > 0 && nearest[at - 1][0] > distance; at--) nearest[at] = nearest[at - 1];
    nearest[at] = [distance, i];
  }
  const TINY = 1e-24;  // (1e-12)²: the server's floor on a distance
  const exact = nearest[0][0] <= TINY;
  let total = 0;
  for (const [distance, i] of nearest) {
    const weight = exact ? Number(distance <= TINY) : 1 / Math.max(distance, TINY);
    total += weight;
    for (let j = 0; j < d; j++) code[j] += weight * table[i * row + 2 + j];
  }
  for (let j = 0; j < d; j++) code[j] /= total;
  return code;
}
