/**
 * Every message a user of the library reads when something goes wrong, in one place.
 *
 * Why one file: learners meet these words in notebooks, instructors in grading reports, and the
 * wording should be the same everywhere. Each message names the operation, the values or shapes
 * involved, and what to do about it.
 */

import type { Shape } from "./tensor/shape.js";

/** The error type of the library: its message always says what went wrong and how to fix it. */
export class LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LibraryError";
  }
}

/** Raised when a loss or a gradient stops being a finite number during training. */
export class NonFiniteError extends LibraryError {
  constructor(
    message: string,
    readonly step: number,
    readonly layer: string,
    readonly gradNorm: number,
  ) {
    super(message);
    this.name = "NonFiniteError";
  }
}

export const fmtShape = (shape: Shape): string => `(${shape.join(", ")})`;

const fmtNum = (x: number): string =>
  Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);

export const messages = {
  // --- tensors -------------------------------------------------------------------------------
  badShape: (op: string, shape: readonly unknown[]) =>
    `${op}: shape [${shape.join(", ")}] is not valid; every size must be a positive integer ` +
    `(a zero or fractional size usually means a width or batch size was computed wrongly).`,
  dataSizeMismatch: (op: string, length: number, shape: Shape) =>
    `${op}: ${length} values cannot fill shape ${fmtShape(shape)}, which holds ` +
    `${shape.reduce((a, b) => a * b, 1)}; pass as many values as the shape holds.`,
  raggedArray: (op: string) =>
    `${op}: the nested array is ragged (rows of different lengths); give every row the same length.`,
  broadcast: (op: string, a: Shape, b: Shape) =>
    `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together; ` +
    `trailing sizes must match or be 1 (reshape one of them, or check which axis is the batch).`,
  matmulInner: (op: string, a: Shape, b: Shape, ka: number, kb: number) =>
    `${op}: ${fmtShape(a)} x ${fmtShape(b)}: inner sizes ${ka} and ${kb} differ; ` +
    `the first operand's last size must equal the second's first (transpose one of them?).`,
  rankNeeded: (op: string, want: string, got: Shape) =>
    `${op}: expected a ${want} tensor, got shape ${fmtShape(got)}.`,
  axisOutOfRange: (op: string, axis: number, rank: number) =>
    `${op}: axis ${axis} is out of range for a tensor of rank ${rank}; ` +
    `use 0..${rank - 1} (or -1 for the last axis).`,
  sliceOutOfRange: (op: string, start: number, end: number, size: number) =>
    `${op}: slice [${start}, ${end}) does not fit an axis of size ${size}; ` +
    `need 0 <= start < end <= ${size}.`,
  concatMismatch: (op: string, a: Shape, b: Shape, axis: number) =>
    `${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} differ outside axis ${axis}; ` +
    `only the concatenation axis may differ.`,
  reshapeSize: (op: string, from: Shape, to: Shape) =>
    `${op}: cannot reshape ${fmtShape(from)} to ${fmtShape(to)}: they hold different numbers ` +
    `of values.`,
  nanInput: (op: string, index: number, value: number) =>
    `${op}: input holds ${value} at flat index ${index}; clean the data (or check the step ` +
    `that produced it) before passing it on.`,
  notScalar: (op: string, shape: Shape) =>
    `${op}: needs a tensor with exactly one value, got shape ${fmtShape(shape)}; ` +
    `reduce it first (for example with mean).`,

  // --- autodiff ------------------------------------------------------------------------------
  backwardNoGrad: () =>
    `backward: this tensor does not depend on anything that requires a gradient; ` +
    `create parameters with requiresGrad: true, and do not call backward inside noGrad().`,
  backwardTwice: (op: string) =>
    `backward: the graph through '${op}' was already released by an earlier backward call; ` +
    `run the forward pass again, or pass { retainGraph: true } to the first backward.`,

  // --- activations, layers, models -------------------------------------------------------------
  unknownActivation: (name: string, known: readonly string[]) =>
    `unknown activation '${name}'; choose one of: ${known.join(", ")}.`,
  unknownName: (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} '${name}'; choose one of: ${known.join(", ")}.`,
  positiveInteger: (what: string, value: unknown) =>
    `${what} must be a positive integer, got ${String(value)}.`,
  positiveNumber: (what: string, value: unknown) =>
    `${what} must be a positive finite number, got ${String(value)}.`,
  nonNegativeNumber: (what: string, value: unknown) =>
    `${what} must be zero or a positive finite number, got ${String(value)}.`,
  inputFeatures: (layer: string, expected: number, got: Shape) =>
    `${layer}: expected inputs with ${expected} features (shape (batch, ${expected})), ` +
    `got ${fmtShape(got)}; check the layer's input size or the data's columns.`,

  // --- training ------------------------------------------------------------------------------
  learningRate: (value: unknown) =>
    `learning rate must be a positive finite number, got ${String(value)}; typical values are ` +
    `1e-3 (Adam) to 1e-1 (SGD).`,
  nonFiniteLoss: (step: number, loss: number) =>
    `training stopped at step ${step}: the loss is ${loss}. Lower the learning rate, ` +
    `or clip gradients (clipNorm), and check the inputs for NaN.`,
  nonFiniteGrad: (step: number, layer: string, norm: number) =>
    `training stopped at step ${step}: the gradient of '${layer}' has norm ${fmtNum(norm)}. ` +
    `Gradients are exploding: lower the learning rate or clip them by global norm ` +
    `(for example clipNorm: 1).`,
} as const;
