/** Optimizers and gradient clipping: `new optim.SGD(model.parameters(), { lr: 0.1 })`. */
export { type Optimizer, type OptimizerOptions, type ParamSource, BaseOptimizer, checkLearningRate } from "./optimizer.js";
export { SGD, type SGDOptions } from "./sgd.js";
export { Adam, type AdamOptions } from "./adam.js";
export { clipGradNorm, clipGradValue, globalGradNorm } from "./clip.js";
export { createOptimizer, type OptimizerName } from "./create.js";
