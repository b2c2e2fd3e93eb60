/**
 * The doctor's vocabulary: what a finding is, and what the probe measured to reach it.
 * Everything here is plain data (numbers, strings, tidy rows), so a result can be printed,
 * compared in a test, saved as JSON, or charted.
 */

import type { DiagnosticRow } from "../layer-stats.js";
import type { ThroughTimeRow } from "../through-time.js";

/**
 * What can be wrong, one name per lesson's diagnosis:
 *   vanishing     the gradient shrinks layer by layer towards the input (lessons 02-04)
 *   exploding     it grows towards the input, or overflows (lesson 05)
 *   saturated     sigmoid or tanh units sit on their flat tails (lessons 03, 06)
 *   dead          ReLU-family units that are off for every example (lesson 06)
 *   initScale     activations shrink or grow geometrically with depth at initialization (lesson 07)
 *   learningRate  the probe's training steps diverge or raise the loss (lesson 05)
 *   horizon       through time, the gradient dies out before it reaches the sequence's start (lessons 10-11)
 */
export type FindingName = "vanishing" | "exploding" | "saturated" | "dead" | "initScale" | "learningRate" | "horizon";

/**
 * How bad: "info" a note worth reading that needs no action; "warning" training will be slow
 * or fragile; "critical" training will fail (no gradient reaches some layers, NaN, divergence).
 */
export type Severity = "info" | "warning" | "critical";

/** One diagnosis, with what it rests on and what the course teaches to do about it. */
export interface Finding {
  name: FindingName;
  /** The diagnosis in words: "Vanishing gradients". */
  title: string;
  severity: Severity;
  /** The layers (or time steps "t1".."tT", or parameters) the finding is about, input first. */
  layers: string[];
  /** One or two sentences with the measured numbers and the threshold they crossed. */
  evidence: string;
  /** The key numbers by name (ratios, factors, fractions, the threshold), for tests and tables. */
  numbers: Record<string, number>;
  /** What to change, as the course taught it. */
  remedy: string;
  /** The lessons that teach the remedy: "06 activations", "07 initialization", ... */
  lessons: string[];
}

/** The probe's training steps (only when the options asked for them: `lr`, `optimizer` or `steps`). */
export interface TrainingProbe {
  optimizer: string;
  lr: number;
  /** Steps asked for, and taken (fewer when a NaN or infinity stopped the run). */
  steps: number;
  stepsTaken: number;
  /** The loss on the whole probe set before and after the steps (NaN if it diverged). */
  lossBefore: number;
  lossAfter: number;
  /** Each step's mini-batch loss. */
  batchLosses: number[];
  /** ||ΔW|| / ||W|| of every weight matrix at every step (rows { step, layer, "updateToData", value }). */
  updateToData: DiagnosticRow[];
  /** Where the run stopped at a NaN or infinity: the step, the layer and fit's message. */
  nonFinite?: { step: number; layer: string; message: string };
}

/** What the recurrent part of a sequence model looks like, for the through-time rules. */
export interface RecurrentProbe {
  /** "RNN", "LSTM" or "GRU". */
  cell: string;
  hidden: number;
  /** Sequence length of the probe data. */
  T: number;
  readout: "last" | "every";
  /** Truncated BPTT length, if the layer truncates. */
  truncate?: number;
  /** Vanilla RNN only: the spectral radius ρ(W_h) and largest singular value σ_max(W_h). */
  spectralRadius?: number;
  largestSingularValue?: number;
}

/** Everything the probe measured, before any rule looked at it. */
export interface Probe {
  /** "feedForward" (layers in depth) or "recurrent" (a recurrent layer unrolled in time). */
  kind: "feedForward" | "recurrent";
  /** The model in a few words: "MLP, 10 hidden layers of 16, sigmoid". */
  description: string;
  /** The hidden layers' activation φ (undefined for gated cells). */
  activation: string | undefined;
  /** Examples in the probe set, the batches passed forward and backward (0 if the forward pass overflowed), their size. */
  examples: number;
  batches: number;
  batchSize: number;
  /**
   * Per-layer rows at step 0, in layer order: the gradient norms (mean over the probe batches)
   * and the forward statistics (activationMean/Std, saturatedFraction, deadFraction) over the
   * whole probe set at once.
   */
  rows: DiagnosticRow[];
  /** Recurrent models: ||dL/dh_t|| (and ||dL/dc_t||, the forget gate) per step t, mean over the batches. */
  timeRows: ThroughTimeRow[];
  recurrent?: RecurrentProbe;
  /** The first layer whose forward pass was not finite at the current weights, if any. */
  nonFiniteForward?: string;
  training?: TrainingProbe;
}
