import { describe, expect, it } from "vitest";
import { twoSpirals } from "../../src/data/classification.js";
import { regression } from "../../src/data/regression.js";
import { MLP } from "../../src/nn/mlp.js";
import { softmaxCrossEntropy } from "../../src/nn/losses.js";
import * as ops from "../../src/ops/index.js";
import { fit } from "../../src/train/fit.js";
import { SGD } from "../../src/optim/sgd.js";
import { NonFiniteError } from "../../src/messages.js";
import { tensor } from "../../src/tensor/tensor.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const ds = () => twoSpirals({ n: 100, noise: 0.05, seed: 1 });
const model = () => new MLP({ inputs: 2, hidden: [8, 8], outputs: 2, activation: "relu", seed: 2 });

/** Runs fit expecting a NonFiniteError; returns it with the weights after the last good step. */
function failingRun(m: MLP, options: Parameters<typeof fit>[2]) {
  let good: Float64Array[] = m.parameters().map((p) => p.data.slice()); // before step 0
  let error: unknown;
  try {
    fit(m, ds(), { ...options, callbacks: [{ onStep: () => void (good = m.parameters().map((p) => p.data.slice())) }] });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(NonFiniteError);
  return { error: error as NonFiniteError, good };
}

const sameWeights = (m: MLP, good: Float64Array[]) =>
  m.parameters().every((p, k) => p.data.every((x, i) => Object.is(x, good[k][i])));

describe("fit stops on the first non-finite value", () => {
  it("a NaN gradient at step 3 (finite loss): names the step, the parameter and the norm; weights untouched", () => {
    // From step 3 on, add mean(sqrt(yHat - yHat)): its value is 0, but at 0 the derivative of
    // sqrt is infinite, and the subtraction sends +∞ and -∞ back to yHat: ∞ - ∞ = NaN.
    // (Only training calls count: fit's evaluation runs the loss without a graph.)
    let calls = 0;
    const loss = (yHat: Tensor, y: Int32Array | Tensor) => {
      const ce = softmaxCrossEntropy(yHat, y as Int32Array);
      if (!yHat.requiresGrad) return ce;
      return calls++ < 3 ? ce : ops.add(ce, ops.mean(ops.sqrt(ops.sub(yHat, yHat))));
    };
    const m = model();
    const { error, good } = failingRun(m, { loss, steps: 10, evalEvery: 1000 });
    expect(error.step).toBe(3);
    expect(error.layer).toMatch(/^output\./); // nearest the output: where backward met it first
    expect(error.gradNorm).toBeNaN();
    expect(error.message).toMatch(/training stopped at step 3: the gradient of 'output\.\w+' has norm NaN/);
    expect(error.message).toMatch(/lower the learning rate or clip/);
    expect(error.message).toMatch(/global gradient norm was \d/); // the last finite one, for scale
    expect(sameWeights(m, good)).toBe(true);
  });

  it("a NaN loss: names the step and says the weights are kept", () => {
    let calls = 0;
    const loss = (yHat: Tensor, y: Int32Array | Tensor) => {
      const ce = softmaxCrossEntropy(yHat, y as Int32Array);
      if (!yHat.requiresGrad) return ce;
      return calls++ < 2 ? ce : ops.mul(ce, ops.log(ops.scale(ce, -1))); // log of a negative number
    };
    const m = model();
    const { error, good } = failingRun(m, { loss, steps: 10, evalEvery: 1000 });
    expect(error.step).toBe(2);
    expect(error.message).toMatch(/training stopped at step 2: the loss is NaN.*Lower the learning rate/);
    expect(sameWeights(m, good)).toBe(true);
  });

  it("exploding weights under a huge learning rate: stopped with step, layer and norm", () => {
    const m = new MLP({ inputs: 2, hidden: [16, 16, 16], outputs: 2, activation: "relu", seed: 1 });
    const { error, good } = failingRun(m, { optimizer: "sgd", lr: 1e150, steps: 50, evalEvery: 1000 });
    expect(error.step).toBeGreaterThanOrEqual(0);
    expect(error.step).toBeLessThan(50);
    expect(error.message).toContain(`step ${error.step}`);
    expect(error.message).toContain(error.layer.split(" ")[0]);
    expect(error.message).toMatch(/clip/);
    expect(error.layer).toMatch(/^(layer\d|output)/);
    expect(sameWeights(m, good)).toBe(true);
  });

  it("an update that makes a weight non-finite is undone and named", () => {
    // An optimizer whose third update overflows layer2.weight (as lr · a huge gradient would).
    class Overflowing extends SGD {
      override step(): void {
        super.step();
        if (this.steps === 3) this.params[2].data[5] = Infinity;
      }
    }
    const m = model();
    expect(m.namedParameters()[2][0]).toBe("layer2.weight");
    const { error, good } = failingRun(m, { optimizer: new Overflowing(m.parameters(), { lr: 0.1 }), steps: 10, evalEvery: 1000 });
    expect(error.step).toBe(2);
    expect(error.layer).toBe("layer2.weight");
    expect(Number.isFinite(error.gradNorm)).toBe(true);
    expect(error.message).toMatch(/step 2: the update made 'layer2\.weight' non-finite \(its gradient had norm \d/);
    expect(error.message).toMatch(/put back as they were before this step/);
    expect(sameWeights(m, good)).toBe(true);
  });

  it("the error carries the history up to the failing step: every completed step's loss and gradNorm", () => {
    // A regression run that diverges under SGD with lr 0.5 (see the clipNorm test below).
    const m = new MLP({ inputs: 1, hidden: [16, 16], outputs: 1, activation: "relu", seed: 1 });
    const seen: { step: number; loss: number; gradNorm: number }[] = [];
    let good: Float64Array[] = m.parameters().map((p) => p.data.slice());
    let error: NonFiniteError | undefined;
    try {
      fit(m, regression({ n: 100, seed: 1 }), {
        optimizer: "sgd", lr: 0.5, steps: 200, evalEvery: 5,
        callbacks: [{ onStep: ({ step, loss, gradNorm }) => {
          seen.push({ step, loss, gradNorm });
          good = m.parameters().map((p) => p.data.slice());
        } }],
      });
    } catch (e) {
      error = e as NonFiniteError;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    const { step, history } = error!;
    expect(step).toBeGreaterThan(3); // it diverges after a few steps, not at once
    expect(history).toBeDefined();
    expect(history!.steps).toBe(step);
    // Exactly the rows the callbacks saw: steps 0 .. step-1, in order, bit for bit.
    expect(history!.metric("loss").map((r) => r.step)).toEqual(Array.from({ length: step }, (_, i) => i));
    expect(history!.values("loss")).toEqual(seen.map((s) => s.loss));
    expect(history!.values("gradNorm")).toEqual(seen.map((s) => s.gradNorm));
    expect(history!.values("loss").every(Number.isFinite)).toBe(true);
    expect(Math.max(...history!.rows.map((r) => r.step))).toBe(step - 1); // the loss went non-finite: nothing finite at `step`
    expect(history!.metric("trainLoss").map((r) => r.step)).toEqual(Array.from({ length: Math.ceil(step / 5) }, (_, i) => 5 * i));
    expect(history!.last("gradNorm")).toBe(seen[seen.length - 1].gradNorm);
    expect(error!.message).toContain(`training stopped at step ${step}:`);
    expect(history!.curves({ batchLoss: true }).filter((r) => r.run === "batch")).toHaveLength(step);
    expect(sameWeights(m, good)).toBe(true); // the weights are still the ones before the failing step
  });

  it("a failing step's finite values are kept: the loss when only the gradient is NaN, loss and norm when the update overflows", () => {
    let calls = 0;
    const nanGradLoss = (yHat: Tensor, y: Int32Array | Tensor) => {
      const ce = softmaxCrossEntropy(yHat, y as Int32Array);
      if (!yHat.requiresGrad) return ce;
      return calls++ < 3 ? ce : ops.add(ce, ops.mean(ops.sqrt(ops.sub(yHat, yHat))));
    };
    const losses: number[] = [];
    const m1 = model();
    let e1: NonFiniteError | undefined;
    try {
      fit(m1, ds(), { loss: nanGradLoss, steps: 10, evalEvery: 1000, callbacks: [{ onStep: (i) => void losses.push(i.loss) }] });
    } catch (e) {
      e1 = e as NonFiniteError;
    }
    expect(e1!.step).toBe(3);
    expect(e1!.history!.steps).toBe(3);
    expect(e1!.history!.metric("loss").map((r) => r.step)).toEqual([0, 1, 2, 3]); // step 3's loss was finite
    expect(e1!.history!.metric("gradNorm").map((r) => r.step)).toEqual([0, 1, 2]); // its gradient was not
    expect(e1!.history!.values("loss").slice(0, 3)).toEqual(losses);
    expect(Number.isFinite(e1!.history!.last("loss"))).toBe(true);

    class Overflowing extends SGD {
      override step(): void {
        super.step();
        if (this.steps === 3) this.params[2].data[5] = Infinity;
      }
    }
    const m2 = model();
    let e2: NonFiniteError | undefined;
    try {
      fit(m2, ds(), { optimizer: new Overflowing(m2.parameters(), { lr: 0.1 }), steps: 10, evalEvery: 1000 });
    } catch (e) {
      e2 = e as NonFiniteError;
    }
    expect(e2!.step).toBe(2);
    expect(e2!.history!.steps).toBe(2);
    expect(e2!.history!.metric("loss").map((r) => r.step)).toEqual([0, 1, 2]);
    expect(e2!.history!.metric("gradNorm").map((r) => r.step)).toEqual([0, 1, 2]);
    expect(e2!.history!.values("gradNorm").every(Number.isFinite)).toBe(true);
  });

  it("a failure at step 0 gives an empty history; an error made outside fit has none", () => {
    const m = new MLP({ inputs: 1, hidden: [4], outputs: 1, activation: "relu", seed: 1 });
    let error: NonFiniteError | undefined;
    try {
      fit(m, regression({ n: 20, seed: 1 }), { steps: 5, loss: () => tensor([NaN]) });
    } catch (e) {
      error = e as NonFiniteError;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    expect(error!.step).toBe(0);
    expect(error!.history!.steps).toBe(0);
    expect(error!.history!.rows).toEqual([]);
    expect(new NonFiniteError("x", 0, "loss", NaN).history).toBeUndefined();
  });

  it("clipNorm 1 keeps a regression run finite that diverges without it", () => {
    const run = (clipNorm?: number) => {
      const m = new MLP({ inputs: 1, hidden: [16, 16], outputs: 1, activation: "relu", seed: 1 });
      return fit(m, regression({ n: 100, seed: 1 }), { optimizer: "sgd", lr: 0.5, clipNorm, steps: 200, evalEvery: 1000 });
    };
    let error: unknown;
    try {
      run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NonFiniteError);
    expect((error as NonFiniteError).message).toMatch(/training stopped at step \d+: the (loss is|model's output holds) -?Infinity/);
    expect(run(1).last("trainLoss")).toBeLessThan(1);
  });
});
