/**
 * The public face of the library: a few namespaces, each a folder of src/.
 *
 *   tensor -> ops (with autodiff) -> nn, optim, data -> train, diagnostics -> charts
 *
 * @example
 *   import { tensor, ops, nn, optim, data, train, diagnostics, charts } from "../dist/src/index.js";
 */
export { Tensor, tensor, zeros, ones, full, scalar } from "./tensor/tensor.js";
export { backward, noGrad } from "./autodiff/engine.js";
export { Rng } from "./random/rng.js";
export { LibraryError, NonFiniteError } from "./messages.js";
export * as ops from "./ops/index.js";
