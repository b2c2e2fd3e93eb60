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

export const defaultMeasure: MeasureOptions = { warmupMs: 1000, runMs: 1500, runs: 5 };
export const quickMeasure: MeasureOptions = { warmupMs: 300, runMs: 400, runs: 3 };

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Heap in use now: V8's heap plus typed-array backing stores (where tensors live). */
export function heapNow(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/**
 * Runs `step` for at least `ms` and at least two steps, so that even a one-step-per-second
 * workload is timed with compiled code. Returns the peak heap seen after each step.
 */
export function warmup(step: () => void, ms: number): number {
  let peak = heapNow();
  const t0 = performance.now();
  for (let n = 0; n < 2 || performance.now() - t0 < ms; n++) {
    step();
    peak = Math.max(peak, heapNow());
  }
  return peak;
}

/** One timed run: steps until `ms` have passed; returns steps per second of wall time. */
export function timedRun(step: () => void, ms: number): number {
  const t0 = performance.now();
  let n = 0;
  let elapsed = 0;
  do {
    step();
    n++;
    elapsed = performance.now() - t0;
  } while (elapsed < ms);
  return (n * 1000) / elapsed;
}

/** Warm-up then `runs` timed runs, in one go: the median rate, every rate, and the peak heap. */
export function measure(step: () => void, options: MeasureOptions): { median: number; rates: number[]; peakHeap: number } {
  const peakHeap = warmup(step, options.warmupMs);
  const rates: number[] = [];
  for (let r = 0; r < options.runs; r++) rates.push(timedRun(step, options.runMs));
  return { median: median(rates), rates, peakHeap };
}
