/**
 * Weight initializers: how a layer's weights are drawn before training starts.
 *
 * Every initializer here is a function `(shape, rng) => Tensor`, made by a factory that takes its
 * options: `heNormal({ mode: "fanIn" })([64, 32], rng)`. By name: `getInitializer("he")`.
 * All randomness comes from the `Rng` passed in, so one seed gives bit-identical weights.
 *
 * The fans of a weight of shape (out, in) are fanIn = in (values summed into one unit) and
 * fanOut = out (units one input feeds). The variance-preserving rules below all come from
 *     Var(z) = fanIn · Var(W) · E[h²]            (forward, for zero-mean independent W and h)
 *     Var(dL/dh) = fanOut · Var(W) · Var(dL/dz)  (backward)
 */

import { LibraryError, messages } from "../messages.js";
import type { Rng } from "../random/rng.js";
import { sizeOf, type Shape } from "../tensor/shape.js";
import { Tensor } from "../tensor/tensor.js";
import { getActivation, LEAKY_SLOPE, type ActivationName } from "./activations.js";
import { orthogonal } from "./orthogonal.js";

export { orthogonal } from "./orthogonal.js";

/** Draws a tensor of the given shape from `rng`. */
export type Initializer = (shape: Shape, rng: Rng) => Tensor;

/** Which fan a variance-scaling rule keeps constant: forward signals (fanIn) or gradients (fanOut). */
export type FanMode = "fanIn" | "fanOut";

export interface ScalingOptions {
  /** Multiplies the standard deviation (or the uniform limit); see `gainFor`. */
  gain?: number;
  /** He/Kaiming only: preserve forward (fanIn, the default) or backward (fanOut) variance. */
  mode?: FanMode;
}

/**
 * fanIn and fanOut of a weight: (out, in) -> in, out. Beyond two dimensions the trailing ones
 * count as a receptive field (the convention of PyTorch and Keras), and a 1-D tensor is its own fan.
 */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
}

// One loop per distribution, no per-element closures: big layers draw thousands of values.
function normalTensor(shape: Shape, rng: Rng, std: number, mean = 0): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = mean + std * rng.normal();
  return new Tensor(data, shape);
}

function uniformTensor(shape: Shape, rng: Rng, limit: number): Tensor {
  const data = new Float64Array(sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = limit * (2 * rng.uniform() - 1);
  return new Tensor(data, shape);
}

function positive(what: string, x: number): number {
  if (!(Number.isFinite(x) && x > 0)) throw new LibraryError(messages.positiveNumber(what, x));
  return x;
}

function fanOf(init: string, shape: Shape, mode: FanMode): number {
  if (mode !== "fanIn" && mode !== "fanOut") throw new LibraryError(messages.unknownName(`${init} mode`, mode, ["fanIn", "fanOut"]));
  const f = fans(shape);
  return mode === "fanIn" ? f.fanIn : f.fanOut;
}

// --- fixed distributions ---------------------------------------------------------------------

/** All zeros: the usual bias init. For weights it makes every unit identical (symmetry never breaks). */
export const zeros = (): Initializer => (shape) => new Tensor(new Float64Array(sizeOf(shape)), shape);

/** Every value equal to `value`. */
export const constant = (value: number): Initializer => (shape) => new Tensor(new Float64Array(sizeOf(shape)).fill(value), shape);

/** N(mean, std²). Default N(0, 1). */
export const normal = (std = 1, mean = 0): Initializer => {
  positive("normal: std", std);
  return (shape, rng) => normalTensor(shape, rng, std, mean);
};

/** U[-limit, limit]. Default limit 1. */
export const uniform = (limit = 1): Initializer => {
  positive("uniform: limit", limit);
  return (shape, rng) => uniformTensor(shape, rng, limit);
};

/**
 * N(0, 1) for every weight, whatever the fan: the initialization of Nielsen's first network
 * (*Neural Networks and Deep Learning*, 2015, ch. 1, `network.py`; `large_weight_initializer` in
 * `network2.py`). A unit's input then has standard deviation near sqrt(fanIn · E[h²]), so sigmoids
 * saturate. (Nielsen's ch. 5 measurements use `network2.py`'s default instead: weights
 * N(0, 1/fanIn), which is `lecunNormal`, with N(0, 1) biases.)
 */
export const standardNormal = (): Initializer => (shape, rng) => normalTensor(shape, rng, 1);

/**
 * The "commonly used heuristic" U[-1/sqrt(n_in), 1/sqrt(n_in)] that Glorot & Bengio (2010, eq. 1)
 * call the standard initialization: Var(W) = 1/(3 n_in), a third of what keeps variance constant,
 * so activations and gradients shrink with depth.
 */
export const glorotStandard = (): Initializer => (shape, rng) => uniformTensor(shape, rng, 1 / Math.sqrt(fans(shape).fanIn));

// --- variance scaling ------------------------------------------------------------------------

/**
 * Glorot & Bengio (2010), "normalized initialization" (eq. 16): Var(W) = 2 / (fanIn + fanOut), the
 * compromise between the forward condition fanIn Var(W) = 1 and the backward one fanOut Var(W) = 1.
 * Uniform form: U[-limit, limit] with limit = gain · sqrt(6 / (fanIn + fanOut)).
 */
export const glorotUniform = (options: ScalingOptions = {}): Initializer => {
  const gain = positive("glorotUniform: gain", options.gain ?? 1);
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    return uniformTensor(shape, rng, gain * Math.sqrt(6 / (fanIn + fanOut)));
  };
};

/** Glorot & Bengio (2010) in normal form: N(0, gain² · 2 / (fanIn + fanOut)). */
export const glorotNormal = (options: ScalingOptions = {}): Initializer => {
  const gain = positive("glorotNormal: gain", options.gain ?? 1);
  return (shape, rng) => {
    const { fanIn, fanOut } = fans(shape);
    return normalTensor(shape, rng, gain * Math.sqrt(2 / (fanIn + fanOut)));
  };
};

/**
 * He et al. (2015), "Delving deep into rectifiers", eq. 10: Var(W) = 2 / fanIn, because ReLU zeroes
 * half of its inputs and so halves the second moment E[h²]. Generally std = gain / sqrt(fan) with
 * gain sqrt(2) by default; mode "fanOut" preserves the backward variance instead (their eq. 14).
 */
export const heNormal = (options: ScalingOptions = {}): Initializer => {
  const gain = positive("heNormal: gain", options.gain ?? Math.SQRT2);
  const mode = options.mode ?? "fanIn";
  return (shape, rng) => normalTensor(shape, rng, gain / Math.sqrt(fanOf("heNormal", shape, mode)));
};

/** He et al. (2015) in uniform form: U[-limit, limit], limit = gain · sqrt(3 / fan) (same variance). */
export const heUniform = (options: ScalingOptions = {}): Initializer => {
  const gain = positive("heUniform: gain", options.gain ?? Math.SQRT2);
  const mode = options.mode ?? "fanIn";
  return (shape, rng) => uniformTensor(shape, rng, gain * Math.sqrt(3 / fanOf("heUniform", shape, mode)));
};

/**
 * LeCun, Bottou, Orr & Müller (1998), "Efficient BackProp", sec. 4.6: Var(W) = 1 / fanIn, which
 * keeps unit variance through a layer whose activation has slope about 1 near 0 (tanh, SELU).
 */
export const lecunNormal = (options: Pick<ScalingOptions, "gain"> = {}): Initializer => {
  const gain = positive("lecunNormal: gain", options.gain ?? 1);
  return (shape, rng) => normalTensor(shape, rng, gain / Math.sqrt(fans(shape).fanIn));
};

/** LeCun et al. (1998) in uniform form: limit = gain · sqrt(3 / fanIn). */
export const lecunUniform = (options: Pick<ScalingOptions, "gain"> = {}): Initializer => {
  const gain = positive("lecunUniform: gain", options.gain ?? 1);
  return (shape, rng) => uniformTensor(shape, rng, gain * Math.sqrt(3 / fans(shape).fanIn));
};

/**
 * The gain that makes a variance-scaling initializer fit an activation (PyTorch's calculate_gain):
 * sqrt(2) for ReLU (He et al. 2015), sqrt(2 / (1 + 0.01²)) for leaky ReLU, 5/3 for tanh (an
 * empirical value that offsets tanh's contraction), 1 for sigmoid, identity and the rest.
 * @example heNormal({ gain: gainFor("leakyRelu") })
 */
export function gainFor(activation: ActivationName | string): number {
  const act = getActivation(activation);
  switch (act.name) {
    case "relu": return Math.SQRT2;
    case "leakyRelu": return Math.sqrt(2 / (1 + LEAKY_SLOPE * LEAKY_SLOPE));
    case "tanh": return 5 / 3;
    default: return 1;
  }
}

// --- by name ---------------------------------------------------------------------------------

/** The names `getInitializer` knows, each with its default options. */
export const initializers = {
  zeros: () => zeros(),
  normal: () => normal(),
  uniform: () => uniform(),
  standardNormal: () => standardNormal(),
  nielsen: () => standardNormal(),
  standard: () => glorotStandard(),
  glorotStandard: () => glorotStandard(),
  glorot: () => glorotUniform(), // Glorot & Bengio's normalized init is the uniform one
  glorotUniform: () => glorotUniform(),
  glorotNormal: () => glorotNormal(),
  xavier: () => glorotUniform(),
  xavierUniform: () => glorotUniform(),
  xavierNormal: () => glorotNormal(),
  he: () => heNormal(), // He et al. (2015) drew from a Gaussian
  heNormal: () => heNormal(),
  heUniform: () => heUniform(),
  kaiming: () => heNormal(),
  kaimingNormal: () => heNormal(),
  kaimingUniform: () => heUniform(),
  lecun: () => lecunNormal(),
  lecunNormal: () => lecunNormal(),
  lecunUniform: () => lecunUniform(),
  orthogonal: () => orthogonal(),
} as const satisfies Record<string, () => Initializer>;

export type InitName = keyof typeof initializers;

export const initNames = Object.keys(initializers) as InitName[];

// "he_normal", "He-Normal" and "standard normal" all find heNormal / standardNormal.
const canonical = (name: string) => name.toLowerCase().replace(/[\s_-]/g, "");
const byCanonical = new Map(initNames.map((n) => [canonical(n), n]));

/**
 * An initializer by name (case, spaces, '-' and '_' ignored), with its default options; a function
 * is returned unchanged. Unknown names get an error listing the valid ones.
 * @example getInitializer("he")([64, 32], new Rng(0))   // (64, 32) weights with Var = 2/32
 */
export function getInitializer(init: InitName | string | Initializer): Initializer {
  if (typeof init === "function") return init;
  const name = typeof init === "string" ? byCanonical.get(canonical(init)) : undefined;
  if (name === undefined) throw new LibraryError(messages.unknownName("initializer", String(init), initNames));
  return initializers[name]();
}
