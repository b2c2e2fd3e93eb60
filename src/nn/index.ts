/**
 * Layers, models, initializers and losses: the `nn` namespace.
 * @example new nn.MLP({ inputs: 2, hidden: [32, 32], outputs: 2, activation: "relu", init: "he", seed: 0 })
 */
export { activations, activationNames, getActivation, activate, type Activation, type ActivationName } from "./activations.js";
export { Module, type LayerTrace } from "./module.js";
export type { StateDict, LoadOptions } from "./state-dict.js";
export * as init from "./init.js";
export { getInitializer, gainFor, fans, type Initializer, type InitName } from "./init.js";
export { Linear, type LinearOptions } from "./linear.js";
export { Sequential, ActivationLayer } from "./sequential.js";
export { Dense, MLP, type DenseOptions, type MLPOptions, type NormKind } from "./mlp.js";
export { BatchNorm1d, batchNorm, type BatchNormOptions, type BatchNormState } from "./batchnorm.js";
export { LayerNorm, layerNorm } from "./layernorm.js";
export { Residual } from "./residual.js";
export { mse, softmaxCrossEntropy, bceWithLogits, accuracy, type Labels } from "./losses.js";
export * from "./recurrent/index.js";
