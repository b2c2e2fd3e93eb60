/**
 * The public face of the library: a few namespaces, each a folder of src/.
 *
 *   tensor -> ops (recorded for autodiff) -> nn, optim, data -> train, diagnostics -> charts
 *
 * @example
 *   import { tensor, ops, nn, optim, data, train, diagnostics, charts } from "../dist/src/index.js";
 */
export { Tensor, tensor, zeros, ones, full, scalar } from "./tensor/tensor.js";
export { backward, noGrad } from "./autodiff/engine.js";
export { Rng } from "./random/rng.js";
export { LibraryError, NonFiniteError } from "./messages.js";
export * as ops from "./ops/index.js";
export * as nn from "./nn/index.js";
export * as optim from "./optim/index.js";
export * as data from "./data/index.js";
export * as train from "./train/index.js";
export * as diagnostics from "./diagnostics/index.js";
export * as charts from "./charts/index.js";
export * as exercises from "./exercises/index.js";
