/**
 * What the course teaches to do about each finding, in one table, with the lessons that teach
 * it. The wording adapts to the model: a sigmoid net is told to change its activation first, a
 * ReLU net its initialization; a vanilla RNN to use an LSTM, an LSTM to raise its forget bias.
 */

import type { FindingName } from "./types.js";

/** The course's lessons, as findings cite them. */
export const LESSONS = {
  clipping: "05 exploding gradients and clipping",
  activations: "06 activations",
  initialization: "07 initialization",
  normalization: "08 normalization",
  residual: "09 residual connections",
  throughTime: "10 through time",
  gated: "11 LSTM and GRU",
} as const;

/** What a remedy may depend on. */
export interface RemedyContext {
  /** The hidden layers' activation (undefined for gated cells). */
  activation?: string;
  /** "RNN", "LSTM", "GRU" for sequence models. */
  cell?: string;
  /** The learning rate the probe trained with. */
  lr?: number;
  /** initScale: whether the activations shrink (true) or grow (false). */
  shrinking?: boolean;
}

const SQUASHING = new Set(["sigmoid", "tanh"]);

/** Each finding's title. */
export const TITLES: Readonly<Record<FindingName, string>> = {
  vanishing: "Vanishing gradients",
  exploding: "Exploding gradients",
  saturated: "Saturated units",
  dead: "Dead units",
  initScale: "Bad initialization scale",
  learningRate: "Learning rate too high",
  horizon: "Recurrent horizon too long",
};

/** The remedy for a finding, and the lessons behind it. */
export function remedyFor(name: FindingName, ctx: RemedyContext): { remedy: string; lessons: string[] } {
  const L = LESSONS;
  const squashing = ctx.activation !== undefined && SQUASHING.has(ctx.activation);
  switch (name) {
    case "vanishing":
      return squashing
        ? { remedy: `${ctx.activation}'s slope is at most ${ctx.activation === "sigmoid" ? "1/4" : "1"} and smaller off centre, so every layer shrinks the gradient: use a ReLU-family activation (activation: "relu", with init: "he"), or keep ${ctx.activation} and add batch or layer norm (norm: "batch") or residual connections (residual: true).`, lessons: [L.activations, L.initialization, L.normalization, L.residual] }
        : { remedy: `Initialize with the rule for the activation (He for the ReLU family, Glorot for tanh), so that each layer keeps the gradient's size; add batch or layer norm (norm: "batch") or residual connections (residual: true) for deep nets.`, lessons: [L.initialization, L.normalization, L.residual] };
    case "exploding":
      return ctx.cell !== undefined
        ? { remedy: `Clip the gradient by global norm (clipNorm: 1); keep the recurrent matrix's largest singular value near 1 (recurrentInit: "orthogonal", gain 1), or use an LSTM or GRU.`, lessons: [L.clipping, L.throughTime, L.gated] }
        : { remedy: `Scale the initial weights to the variance-preserving rule (init: "he" for the ReLU family, "glorot" for tanh), clip the gradient by global norm while training (clipNorm: 1), or add batch or layer norm.`, lessons: [L.initialization, L.clipping, L.normalization] };
    case "saturated":
      return { remedy: `The pre-activations are too large for ${ctx.activation ?? "the activation"}: initialize with Glorot (init: "glorot"), standardize the inputs (data.standardize), or normalize before the activation (norm: "batch"); a ReLU-family activation does not saturate for positive inputs.`, lessons: [L.initialization, L.normalization, L.activations] };
    case "dead":
      return { remedy: `Use an activation that keeps a slope for negative inputs (activation: "leakyRelu" or "elu"), start the biases at 0 with He initialization (biasInit: "zeros", init: "he"), and keep the learning rate moderate: one large step can switch units off for good.`, lessons: [L.activations, L.initialization, L.clipping] };
    case "initScale":
      return { remedy: `The activations ${ctx.shrinking ? "shrink" : "grow"} by a constant factor per layer: the weights are too ${ctx.shrinking ? "small" : "large"}. Use the variance-preserving initialization for the activation (init: "he" for the ReLU family, Var(W) = 2/fanIn; init: "glorot" for tanh and sigmoid), or normalize each layer (norm: "batch" or "layer").`, lessons: [L.initialization, L.normalization] };
    case "learningRate":
      return { remedy: `Lower the learning rate${ctx.lr !== undefined ? ` (try lr: ${Number((ctx.lr / 10).toPrecision(2))}, a tenth)` : ""} and clip the gradient by global norm (clipNorm: 1), so one large gradient cannot throw the weights far.`, lessons: [L.clipping] };
    case "horizon":
      if (ctx.cell === "LSTM") return { remedy: `Raise the forget-gate bias (forgetBias: 1 is the default; 3 keeps about 95% of the cell state per step, enough for lags of dozens of steps), so the cell state carries the gradient back.`, lessons: [L.gated] };
      if (ctx.cell === "GRU") return { remedy: `Raise the update-gate bias (updateBias: 0 is the default and keeps half of the state per step; 3 keeps about 95%), so the direct path from step to step carries the gradient back.`, lessons: [L.gated] };
      return { remedy: `A vanilla RNN multiplies the gradient by diag(φ'(z)) W_h at every step: use an LSTM or GRU (cell: "lstm", forgetBias: 1 or more), or at least an orthogonal recurrent matrix with gain 1 (largest singular value 1).`, lessons: [L.throughTime, L.gated] };
  }
}
