/**
 * The workloads in this library (float64), written the way a learner would: the public model,
 * loss and optimizer classes, one training step = zeroGrad, forward, loss, backward, SGD step.
 */

import { backward } from "../src/autodiff/engine.js";
import { softmaxCrossEntropy } from "../src/nn/losses.js";
import { Linear } from "../src/nn/linear.js";
import { MLP } from "../src/nn/mlp.js";
import { LSTM, RNN } from "../src/nn/recurrent/index.js";
import { SGD } from "../src/optim/sgd.js";
import { Tensor } from "../src/tensor/tensor.js";
import { LR, makeData, type Workload } from "./workloads.js";

/** Builds the model and data of `w` and returns one training step. */
export function oursStep(w: Workload): () => void {
  const data = makeData(w);
  if (w.kind === "mlp") {
    const model = new MLP({
      inputs: w.inputs,
      hidden: new Array<number>(w.depth).fill(w.width),
      outputs: w.classes,
      activation: w.activation,
      seed: 1,
    });
    const X = new Tensor(data.X, [w.batch, w.inputs]);
    const opt = new SGD(model.parameters(), { lr: LR });
    return () => {
      opt.zeroGrad();
      const loss = softmaxCrossEntropy(model.forward(X), data.labels);
      backward(loss);
      opt.step();
    };
  }
  const options = { inputs: w.inputs, hidden: w.hidden, seed: 1 };
  const layer = w.kind === "lstm" ? new LSTM(options) : new RNN(options);
  const head = new Linear(w.hidden, w.classes, { seed: 2 });
  const X = new Tensor(data.X, [w.steps, w.batch, w.inputs]); // (T, B, F)
  const opt = new SGD([...layer.parameters(), ...head.parameters()], { lr: LR });
  return () => {
    opt.zeroGrad();
    layer.forward(X);
    const hT = layer.state!.h; // (B, H): the loss reads the last step only
    const loss = softmaxCrossEntropy(head.forward(hT), data.labels);
    backward(loss);
    opt.step();
  };
}
