import { describe, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { twoSpirals } from "../../src/data/classification.js";
import { MLP } from "../../src/nn/mlp.js";
import { softmaxCrossEntropy } from "../../src/nn/losses.js";
import { fit } from "../../src/train/fit.js";
import type { Tensor } from "../../src/tensor/tensor.js";

/**
 * A garbage collector we can call: `global.gc` when node runs with --expose-gc, otherwise the
 * flag is switched on at run time and a fresh context hands out its `gc` (a documented V8 flag;
 * the function works for the whole isolate).
 */
function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("memory", () => {
  it("2,000 training steps do not grow the heap: each step's graph is released", async () => {
    const gc = getGc();
    const ds = twoSpirals({ n: 256, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [32, 32, 32], outputs: 2, activation: "tanh", seed: 1 });
    const heap: number[] = [];
    // Each step's graph holds about 10 tensors of (32, 32) doubles (~100 kB with gradients): if
    // graphs were kept, 1,500 steps would add about 150 MB.
    fit(model, ds, {
      steps: 2000,
      batchSize: 32,
      evalEvery: 500,
      callbacks: [{ onStep: (i) => void ((i.step === 499 || i.step === 1999) && (gc(), heap.push(process.memoryUsage().heapUsed))) }],
    });
    const growth = heap[1] - heap[0];
    // What legitimately grows: the history (2 rows per step, ~100 bytes each: ~0.3 MB).
    expect(growth).toBeLessThan(3 * 1024 * 1024); // keeping every step's trace alone adds ~9 MB
  });

  it("a finished step's tensors can be collected (the model keeps only the last trace)", async () => {
    const gc = getGc();
    const ds = twoSpirals({ n: 64, seed: 1 });
    const model = new MLP({ inputs: 2, hidden: [8, 8], outputs: 2, seed: 1 });
    let early: WeakRef<Tensor> | undefined;
    let calls = 0;
    const loss = (yHat: Tensor, y: Int32Array | Tensor) => {
      if (yHat.requiresGrad && calls++ === 10) early = new WeakRef(yHat);
      return softmaxCrossEntropy(yHat, y as Int32Array);
    };
    fit(model, ds, { loss, steps: 50, batchSize: 16 });
    expect(early).toBeDefined();
    await settle(); // WeakRef targets stay alive until the current job ends
    gc();
    expect(early!.deref()).toBeUndefined();
  });
});
