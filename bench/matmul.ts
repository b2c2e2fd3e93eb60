/**
 * The matmul kernels alone, in GFLOP/s, on (128 x 64) · (64 x 64): one W1 hidden layer's forward
 * product. Beside them, the baseline every faster loop is measured against: the naive triple
 * loop over float64 arrays in its two textbook orders, measured first in this fresh process so
 * V8 sees nothing but them. Each number is the median of 9 runs of 0.2 s of CPU time.
 */

import { kernelBackend, matmulNN, matmulNNJs, matmulNT, matmulTN } from "../src/tensor/kernels.js";
import { median, type MeasureOptions } from "./measure.js";

const M = 128, K = 64, N = 64;

/** The textbook loop: out[i][j] = Σ_p a[i][p] b[p][j], one entry at a time (b read down a column). */
function naive(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      out[i * n + j] = s;
    }
  }
}

/** The same three loops in the cache-friendly order i-p-j: out's row accumulates rows of b. */
function naiveIPJ(a: Float64Array, b: Float64Array, out: Float64Array, m: number, k: number, n: number): void {
  out.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const av = a[i * k + p];
      for (let j = 0; j < n; j++) out[i * n + j] += av * b[p * n + j];
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
  // CPU time of this process rather than wall time: a kernel this short is measured in
  // microseconds, where sharing the machine with other programs would otherwise dominate.
  const cpuMs = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const rate = (f: () => void): number => {
    const w0 = performance.now();
    while (performance.now() - w0 < options.warmupMs / 2) f();
    const rates: number[] = [];
    for (let r = 0; r < 2 * options.runs - 1; r++) {
      const c0 = cpuMs();
      let calls = 0;
      while (cpuMs() - c0 < 200) {
        for (let i = 0; i < 20; i++) f();
        calls += 20;
      }
      rates.push((calls * flops) / ((cpuMs() - c0) * 1e6));
    }
    return median(rates);
  };
  const gflops: Record<string, number> = {};
  gflops["naive triple loop i-j-p"] = rate(() => naive(a, b, out, M, K, N));
  gflops["naive triple loop i-p-j"] = rate(() => naiveIPJ(a, b, out, M, K, N));
  gflops["matmulNN plain JS"] = rate(() => matmulNNJs(a, b, out, M, K, N));
  gflops["matmulNN"] = rate(() => matmulNN(a, b, out, M, K, N));
  gflops["matmulNT"] = rate(() => matmulNT(a, b, out, M, K, N));
  gflops["matmulTN"] = rate(() => matmulTN(a, b, out, M, K, N)); // the same values, a read as a (K, M) array
  return { shape: `(${M}x${K})·(${K}x${N})`, gflops, backend: kernelBackend() };
}
