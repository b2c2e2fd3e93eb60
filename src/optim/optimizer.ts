/**
 * What every optimizer shares: the parameter list, a validated learning rate, zeroGrad, the
 * optional clipping before each update, and a record of the last update's size per parameter.
 *
 * Why record the update: the update:data ratio ||ΔW|| / ||W|| is the quickest health check of a
 * training run (around 1e-3 is healthy, Karpathy's makemore part 3); a layer whose ratio sits far
 * below the others is a layer whose gradient vanished.
 */

import { LibraryError, messages } from "../messages.js";
import type { Tensor } from "../tensor/tensor.js";
import { clipGradNorm, clipGradValue, globalGradNorm } from "./clip.js";

/** Anything with trainable tensors: a plain list, or a model (its `parameters()`). */
export type ParamSource = readonly Tensor[] | { parameters(): Tensor[] };

/** Options every optimizer accepts. */
export interface OptimizerOptions {
  /** Learning rate: a positive finite number. */
  lr: number;
  /** L2 penalty strength (see each optimizer for how it is applied). Default 0. */
  weightDecay?: number;
  /** Before each update, rescale all gradients so their global norm is at most this. Default: off. */
  clipNorm?: number;
  /** Before each update, clamp every gradient value into [-clipValue, clipValue]. Default: off. */
  clipValue?: number;
}

/** The interface `fit` and the diagnostics rely on. */
export interface Optimizer {
  /** The learning rate; assigning it validates it (for schedules). */
  lr: number;
  readonly params: readonly Tensor[];
  /** Applies one update in place to every parameter that has a gradient. */
  step(): void;
  /** Clears every parameter's gradient (backward accumulates into it). */
  zeroGrad(): void;
  /** ||ΔW|| of the last step for this parameter (0 before the first step or if it had no gradient). */
  lastUpdateNorm(param: Tensor): number;
  /** The global gradient norm of the last step, measured before any clipping (NaN before the first step). */
  readonly lastGradNorm: number;
}

/** Throws `messages.learningRate` unless lr is a positive finite number. */
export function checkLearningRate(lr: unknown): number {
  if (typeof lr !== "number" || !Number.isFinite(lr) || lr <= 0) throw new LibraryError(messages.learningRate(lr));
  return lr;
}

/** Throws unless `value` is undefined or a non-negative finite number. */
export function checkNonNegative(what: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new LibraryError(messages.nonNegativeNumber(what, value));
  }
  return value;
}

function checkOptionalPositive(what: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new LibraryError(messages.positiveNumber(what, value));
  }
  return value;
}

/**
 * The shared machinery. A subclass implements `update(param, grad, t)`, which writes the new
 * values into `param.data` in place and returns the squared size of the change.
 */
export abstract class BaseOptimizer implements Optimizer {
  readonly params: readonly Tensor[];
  readonly weightDecay: number;
  readonly clipNorm: number | undefined;
  readonly clipValue: number | undefined;
  private lrValue: number;
  private readonly updateNorms = new Map<Tensor, number>();
  private gradNorm = NaN;
  /** Updates taken so far (Adam's bias correction needs it). */
  protected stepCount = 0;

  constructor(protected readonly opName: string, source: ParamSource, options: OptimizerOptions) {
    const params = Array.isArray(source) ? [...(source as Tensor[])] : (source as { parameters(): Tensor[] }).parameters();
    if (params.length === 0) throw new LibraryError(messages.noParameters(opName));
    params.forEach((p, i) => {
      if (!p.requiresGrad) throw new LibraryError(messages.notTrainable(opName, p.name ?? `#${i}`));
    });
    this.params = params;
    this.lrValue = checkLearningRate(options?.lr);
    this.weightDecay = checkNonNegative(`${opName}: weightDecay`, options.weightDecay, 0);
    this.clipNorm = checkOptionalPositive(`${opName}: clipNorm`, options.clipNorm);
    this.clipValue = checkOptionalPositive(`${opName}: clipValue`, options.clipValue);
  }

  get lr(): number {
    return this.lrValue;
  }

  set lr(value: number) {
    this.lrValue = checkLearningRate(value);
  }

  get lastGradNorm(): number {
    return this.gradNorm;
  }

  /** Number of updates taken. */
  get steps(): number {
    return this.stepCount;
  }

  step(): void {
    // Measured before clipping: the norm a learner wants to see explode is the raw one.
    this.gradNorm = globalGradNorm(this.params);
    if (this.clipValue !== undefined) clipGradValue(this.params, this.clipValue);
    if (this.clipNorm !== undefined) clipGradNorm(this.params, this.clipNorm);
    this.stepCount++;
    for (const p of this.params) {
      if (p.grad === null) {
        this.updateNorms.set(p, 0);
        continue;
      }
      this.updateNorms.set(p, Math.sqrt(this.update(p, p.grad.data, this.stepCount)));
    }
  }

  zeroGrad(): void {
    for (const p of this.params) p.grad = null;
  }

  lastUpdateNorm(param: Tensor): number {
    return this.updateNorms.get(param) ?? 0;
  }

  /**
   * Writes the updated values of one parameter into `param.data` and returns the squared size
   * of the change, Σ (θ_new - θ_old)² (measured in the same loop: no copy of the weights).
   * `t` counts steps from 1.
   */
  protected abstract update(param: Tensor, grad: Float64Array, t: number): number;
}
