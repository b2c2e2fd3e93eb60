/**
 * The hot loops. Everything above this file reads like the math; everything in it is a plain
 * indexed loop over flat Float64Arrays, written for V8 to compile well (monomorphic, no closures,
 * no per-element allocation). Matrices are row-major: element (i, j) of an (m, n) matrix is
 * at i * n + j.
 */

/** out (m, n) = a (m, k) · b (k, n). Loop order i-p-j keeps the inner loop on contiguous rows. */
export function matmulNN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const ao = i * k;
    const oo = i * n;
    let p = 0;
    // Four rows of b per pass: four times fewer loads and stores of out's row.
    for (; p + 3 < k; p += 4) {
      const a0 = a[ao + p], a1 = a[ao + p + 1], a2 = a[ao + p + 2], a3 = a[ao + p + 3];
      const b0 = p * n, b1 = b0 + n, b2 = b1 + n, b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        out[oo + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
      }
    }
    for (; p < k; p++) {
      const av = a[ao + p];
      const bo = p * n;
      for (let j = 0; j < n; j++) out[oo + j] += av * b[bo + j];
    }
  }
}

/** out (m, n) = a (m, k) · bᵀ, where b is (n, k): each entry is a dot product of two rows. */
export function matmulNT(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const ao = i * k;
    for (let j = 0; j < n; j++) {
      const bo = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += a[ao + p] * b[bo + p];
        s1 += a[ao + p + 1] * b[bo + p + 1];
        s2 += a[ao + p + 2] * b[bo + p + 2];
        s3 += a[ao + p + 3] * b[bo + p + 3];
      }
      for (; p < k; p++) s0 += a[ao + p] * b[bo + p];
      out[i * n + j] = s0 + s1 + s2 + s3;
    }
  }
}

/** out (m, n) = aᵀ · b, where a is (k, m) and b is (k, n): a sum of outer products of rows. */
export function matmulTN(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  out.fill(0);
  for (let p = 0; p < k; p++) {
    const ao = p * m;
    const bo = p * n;
    for (let i = 0; i < m; i++) {
      const av = a[ao + i];
      if (av === 0) continue; // ReLU zeros are common; skipping them is free speed
      const oo = i * n;
      for (let j = 0; j < n; j++) out[oo + j] += av * b[bo + j];
    }
  }
}

/** Adds a row vector (n) to every row of x (m, n), in place. */
export function addRowInPlace(x: Float64Array, row: Float64Array, m: number, n: number): void {
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) x[o + j] += row[j];
  }
}

/** Column sums of x (m, n) into out (n): how a broadcast row's gradient is collected. */
export function sumRows(x: Float64Array, out: Float64Array, m: number, n: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) out[j] += x[o + j];
  }
}

/**
 * Sums `x`, viewed as (outer, axisSize, inner), over its middle axis into out (outer, inner).
 * Any reduction along one axis of a row-major tensor has this form.
 */
export function sumAxis(x: Float64Array, out: Float64Array, outer: number, axisSize: number, inner: number): void {
  out.fill(0);
  for (let o = 0; o < outer; o++) {
    const xo = o * axisSize * inner;
    const oo = o * inner;
    for (let a = 0; a < axisSize; a++) {
      const xa = xo + a * inner;
      for (let i = 0; i < inner; i++) out[oo + i] += x[xa + i];
    }
  }
}

/** The inverse of sumAxis's shape change: repeats g (outer, inner) along the middle axis. */
export function expandAxis(g: Float64Array, out: Float64Array, outer: number, axisSize: number, inner: number, scale: number): void {
  for (let o = 0; o < outer; o++) {
    const go = o * inner;
    const xo = o * axisSize * inner;
    for (let a = 0; a < axisSize; a++) {
      const xa = xo + a * inner;
      for (let i = 0; i < inner; i++) out[xa + i] = g[go + i] * scale;
    }
  }
}

/** Sum of squares, the inner part of every norm. */
export function sumSquares(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return s;
}
