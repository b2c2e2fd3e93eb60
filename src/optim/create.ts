/** Optimizers by name, for `fit(model, ds, { optimizer: "adam", lr: 1e-3 })`. */

import { LibraryError, messages } from "../messages.js";
import { Adam, type AdamOptions } from "./adam.js";
import type { Optimizer, ParamSource } from "./optimizer.js";
import { SGD, type SGDOptions } from "./sgd.js";

export type OptimizerName = "sgd" | "adam" | "adamw";

/**
 * Makes an optimizer from its name (case-insensitive) and options.
 * @example createOptimizer("sgd", model.parameters(), { lr: 0.1, momentum: 0.9 })
 */
export function createOptimizer(name: string, params: ParamSource, options: SGDOptions & AdamOptions): Optimizer {
  switch (name.toLowerCase()) {
    case "sgd":
      return new SGD(params, options);
    case "adam":
      return new Adam(params, options);
    case "adamw":
      return new Adam(params, { ...options, decoupledWeightDecay: true });
    default:
      throw new LibraryError(messages.unknownName("optimizer", name, ["sgd", "adam", "adamw"]));
  }
}
