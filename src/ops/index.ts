/** Differentiable tensor ops, as free functions: `ops.matmul(X, W)`, `ops.mean(loss)`. */
export { add, sub, mul, div, neg, exp, log, sqrt, square, abs, pow, scale, unaryOp } from "./elementwise.js";
export { matmul, linear } from "./matmul.js";
export { sum, mean, max, type ReduceOptions } from "./reduce.js";
export { reshape, transpose, slice, concat, stack } from "./reshape.js";
export { activate, sigmoid, tanh, relu, leakyRelu, elu, gelu, softplus } from "../nn/activations.js";
