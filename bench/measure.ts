/**
 * Timing: warm up, then several runs of a fixed wall time each; the median run's rate is the
 * result. Fixed time (not a fixed step count) keeps slow and fast workloads in the same budget;
 * the median shrugs off a run that another process on the machine slowed down.
 */

export interface MeasureOptions {
  warmupMs: number;
  runMs: number;
  runs: number;
}

export interface Measurement {
  /** Median of the runs' rates, steps per second. */
  median: number;
  /** Every run's rate. */
  rates: number[];
  /** Peak of heapUsed + arrayBuffers sampled after each warm-up step, bytes. */
  peakHeap: number;
}

export const defaultMeasure: MeasureOptions = { warmupMs: 1000, runMs: 1500, runs: 5 };
export const quickMeasure: MeasureOptions = { warmupMs: 300, runMs: 400, runs: 3 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Heap in use now: V8's heap plus typed-array backing stores (where tensors live). */
function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Measures `step` (one call = one unit of work) in steps per second. */
export function measure(step: () => void, options: MeasureOptions): Measurement {
  let peakHeap = heapNow();
  // Warm-up: lets the JIT compile the hot paths and the heap reach its steady size. At least two
  // steps, so even a one-step-per-second workload runs compiled code when timed.
  const w0 = performance.now();
  for (let n = 0; n < 2 || performance.now() - w0 < options.warmupMs; n++) {
    step();
    peakHeap = Math.max(peakHeap, heapNow());
  }
  const rates: number[] = [];
  for (let r = 0; r < options.runs; r++) {
    const t0 = performance.now();
    let n = 0;
    let elapsed = 0;
    do {
      step();
      n++;
      elapsed = performance.now() - t0;
    } while (elapsed < options.runMs);
    rates.push((n * 1000) / elapsed);
  }
  return { median: median(rates), rates, peakHeap };
}
