/** A seeded regression set: a smooth function of one or two inputs, plus Gaussian noise. */

import { LibraryError, messages } from "../messages.js";
import { toRng } from "../random/rng.js";
import { Tensor } from "../tensor/tensor.js";
import { checkCount, checkNoise, standardize as standardizeDataset, type GeneratorOptions, type RegressionDataset } from "./dataset.js";

export interface RegressionOptions extends GeneratorOptions {
  /** 1: y = sin(x), x uniform in [-3, 3]; 2: y = sin(x1) cos(x2), x uniform in [-2, 2]². Default 1. */
  inputs?: 1 | 2;
}

/**
 * Points X (n, inputs) and targets y (n, 1) = f(X) + noise · N(0, 1).
 * Defaults: n = 200, noise = 0.1, inputs = 1. `standardize` scales X only (targets stay as they are).
 * @example const ds = data.regression({ n: 100, noise: 0.05, seed: 3 })
 */
export function regression(options: RegressionOptions = {}): RegressionDataset {
  const n = checkCount("regression", options.n ?? 200);
  const noise = checkNoise("regression", options.noise ?? 0.1);
  const inputs = options.inputs ?? 1;
  if (inputs !== 1 && inputs !== 2) throw new LibraryError(messages.unknownName("regression inputs", String(inputs), ["1", "2"]));
  const rng = toRng(options.seed);
  const X = new Float64Array(n * inputs); // (n, inputs)
  const y = new Float64Array(n); // (n, 1)
  for (let i = 0; i < n; i++) {
    if (inputs === 1) {
      const x = rng.uniformIn(-3, 3);
      X[i] = x;
      y[i] = Math.sin(x);
    } else {
      const a = rng.uniformIn(-2, 2);
      const b = rng.uniformIn(-2, 2);
      X[2 * i] = a;
      X[2 * i + 1] = b;
      y[i] = Math.sin(a) * Math.cos(b);
    }
    y[i] += noise * rng.normal();
  }
  const ds: RegressionDataset = {
    X: new Tensor(X, [n, inputs]),
    y: new Tensor(y, [n, 1]),
    numClasses: 0,
    name: inputs === 1 ? "sine" : "sine2d",
  };
  return options.standardize ? standardizeDataset(ds) : ds;
}
