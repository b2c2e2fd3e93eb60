import { describe, expect, it } from "vitest";
import { noGrad } from "../../src/autodiff/engine.js";
import { twoSpirals } from "../../src/data/classification.js";
import { LibraryError } from "../../src/messages.js";
import { Linear } from "../../src/nn/linear.js";
import { MLP } from "../../src/nn/mlp.js";
import { LSTM } from "../../src/nn/recurrent/lstm.js";
import { tensor } from "../../src/tensor/tensor.js";
import { fit } from "../../src/train/fit.js";

const outputOf = (m: MLP, X = twoSpirals({ n: 20, seed: 3 }).X) => noGrad(() => Array.from(m.eval().forward(X).data));

describe("stateDict / loadStateDict", () => {
  it("sets a layer from plain arrays: a hand-computed output", () => {
    const layer = new Linear(2, 1, { seed: 1 }).loadStateDict({ weight: [[1, 2]], bias: [3] });
    expect(Array.from(layer.forward(tensor([[1, 1], [2, -1]])).data)).toEqual([6, 3]); // 1 + 2 + 3, 2 - 2 + 3
  });

  it("names every parameter and buffer with its dotted path, as nested arrays of the right shape", () => {
    const m = new MLP({ inputs: 2, hidden: [4, 3], outputs: 2, norm: "batch", seed: 1 });
    const state = m.stateDict();
    expect(Object.keys(state)).toEqual([
      ...m.namedParameters().map(([n]) => n),
      "layer1.norm.runningMean", "layer1.norm.runningVar", "layer2.norm.runningMean", "layer2.norm.runningVar",
    ]);
    for (const [name, t] of m.namedParameters()) expect(state[name], name).toEqual(t.toArray());
    expect(state["layer1.weight"]).toHaveLength(4);
    expect((state["layer1.weight"] as number[][])[0]).toHaveLength(2);
    expect(state["layer1.norm.runningVar"]).toEqual([1, 1, 1, 1]);
  });

  it("returns copies: editing the dict does not touch the model", () => {
    const m = new MLP({ inputs: 2, hidden: [3], outputs: 2, seed: 1 });
    const before = m.stateDict();
    (m.stateDict()["layer1.weight"] as number[][])[0][0] = 99;
    expect(m.stateDict()).toEqual(before);
  });

  it("carries a trained model, running statistics included, to a fresh one: same outputs", () => {
    const a = new MLP({ inputs: 2, hidden: [8, 8], outputs: 2, norm: "batch", activation: "tanh", seed: 1 });
    fit(a, twoSpirals({ n: 64, seed: 1 }), { steps: 20, lr: 0.05, batchSize: 16, seed: 1 });
    const b = new MLP({ inputs: 2, hidden: [8, 8], outputs: 2, norm: "batch", activation: "tanh", seed: 2 });
    expect(outputOf(b)).not.toEqual(outputOf(a));
    b.loadStateDict(a.stateDict());
    expect(outputOf(b)).toEqual(outputOf(a));
    expect(Array.from(b.namedBuffers()[0][1].data)).not.toEqual([0, 0, 0, 0, 0, 0, 0, 0]); // the running mean moved, and came along
  });

  it("round-trips a recurrent layer", () => {
    const a = new LSTM({ inputs: 3, hidden: 4, seed: 1 });
    const b = new LSTM({ inputs: 3, hidden: 4, seed: 2 }).loadStateDict(a.stateDict());
    expect(b.stateDict()).toEqual(a.stateDict());
  });

  it("refuses a wrong name, a missing name, a wrong shape or a bad value, naming it, and changes nothing", () => {
    const m = new MLP({ inputs: 2, hidden: [3], outputs: 2, seed: 1 });
    const before = m.stateDict();
    const good = m.stateDict();
    const transposed = (good["layer1.weight"] as number[][])[0].map((_, j) => (good["layer1.weight"] as number[][]).map((r) => r[j]));
    const attempts: Array<[unknown, RegExp]> = [
      [{ ...good, "layer1.weights": transposed }, /no parameter or buffer named 'layer1\.weights'.*'layer1\.weight'/],
      [{ "layer1.weight": good["layer1.weight"] }, /no 'layer1\.bias'.*strict: false/],
      [{ ...good, "layer1.weight": transposed }, /'layer1\.weight' must have shape \(3, 2\).*has 2 entries where 3 were due/],
      [{ ...good, "layer1.bias": [0, NaN, 0] }, /'layer1\.bias'.*\[1\] is NaN/],
      [{ ...good, "layer1.bias": [0, "1", 0] }, /'layer1\.bias'.*\[1\] is the string "1", not a number/],
      [{ ...good, "layer1.weight": [[1, 2], [3], [4, 5]] }, /\[1\] has 1 entries where 2 were due/],
      [[1, 2, 3], /expected an object of arrays by parameter name/],
      [null, /got null/],
    ];
    // Make the valid entries differ from the model's, so a partial write would show.
    for (const [name, v] of Object.entries(good)) if (name !== "layer1.weight") good[name] = JSON.parse(JSON.stringify(v), (_k, x) => (typeof x === "number" ? x + 1 : x));
    for (const [dict, pattern] of attempts) {
      expect(() => m.loadStateDict(dict as never)).toThrow(LibraryError);
      expect(() => m.loadStateDict(dict as never)).toThrow(pattern);
      expect(m.stateDict()).toEqual(before);
    }
  });

  it("loads a subset with strict: false", () => {
    const m = new MLP({ inputs: 2, hidden: [3], outputs: 2, seed: 1 });
    const before = m.stateDict();
    m.loadStateDict({ "output.bias": [5, -5] }, { strict: false });
    expect(m.stateDict()["output.bias"]).toEqual([5, -5]);
    expect(m.stateDict()["layer1.weight"]).toEqual(before["layer1.weight"]);
    expect(m.stateDict()["output.bias"]).not.toEqual(before["output.bias"]);
  });
});
