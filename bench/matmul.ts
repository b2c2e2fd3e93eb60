/**
 * The matmul kernels alone, in GFLOP/s, on (128 x 64) · (64 x 64): one W1 hidden layer's forward
 * product. Beside them, the baseline every faster loop is measured against: the naive triple
 * loop over float64 arrays, measured first in this fresh process so V8 sees nothing but it.
 */

import { matmulBackend, matmulNN, matmulNNJs, matmulNT, matmulTN } from "../src/tensor/kernels.js";
import { measure, type MeasureOptions } from "./measure.js";

const M = 128, K = 64, N = 64;

/** The textbook loop: out[i][j] = Σ_p a[i][p] b[p][j]. */
function naive(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] = s;
    }
  }
}

function random(size: number): Float64Array {
  const x = new Float64Array(size);
  for (let i = 0; i < size; i++) x[i] = Math.sin(i * 12.9898) * 0.5; // any values; no RNG needed
  return x;
}

export interface MatmulResult {
  shape: string;
  /** GFLOP/s by kernel name. */
  gflops: Record<string, number>;
  backend: string;
}

export function matmulBench(options: MeasureOptions): MatmulResult {
  const a = random(M * K), b = random(K * N), out = new Float64Array(M * N);
  const flops = 2 * M * K * N;
  const calls = 20; // per measured step, so timer overhead is negligible
  const rate = (f: () => void): number => {
    const m = measure(() => {
      for (let r = 0; r < calls; r++) f();
    }, { ...options, runMs: Math.min(options.runMs, 500) });
    return (m.median * calls * flops) / 1e9;
  };
  const gflops: Record<string, number> = {};
  gflops["naive triple loop (JS)"] = rate(() => naive(a, b, out, M, K, N));
  gflops["matmulNN plain JS"] = rate(() => matmulNNJs(a, b, out, M, K, N));
  gflops["matmulNN"] = rate(() => matmulNN(a, b, out, M, K, N));
  gflops["matmulNT"] = rate(() => matmulNT(a, b, out, M, K, N));
  gflops["matmulTN"] = rate(() => matmulTN(a, b, out, M, K, N)); // (64x128)ᵀ... same flops, a read as (K, M)
  return { shape: `(${M}x${K})·(${K}x${N})`, gflops, backend: matmulBackend() };
}
