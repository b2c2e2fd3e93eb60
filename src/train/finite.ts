/**
 * The checks that stop training at the first NaN or infinity, with an error that says where it
 * appeared: the step, the layer, and the gradient's norm.
 */

import { NonFiniteError, messages } from "../messages.js";
import type { Module } from "../nn/module.js";
import type { Tensor } from "../tensor/tensor.js";

const allFinite = (d: Float64Array): boolean => {
  for (let i = 0; i < d.length; i++) if (!Number.isFinite(d[i])) return false;
  return true;
};

/** The first place a forward pass went non-finite: a traced layer, else a parameter, else "loss". */
export function firstNonFiniteLayer(model: Module): string {
  for (const t of model.trace) {
    if (!allFinite(t.preActivation.data)) return `${t.layer} (pre-activation)`;
    if (!allFinite(t.activation.data)) return `${t.layer} (activation)`;
  }
  for (const [name, p] of model.namedParameters()) if (!allFinite(p.data)) return name;
  return "loss";
}

/** Throws NonFiniteError if the model's output or the loss is NaN or infinite. */
export function checkForward(step: number, model: Module, output: Tensor, loss?: number, lastNorm = NaN): void {
  if (loss !== undefined ? Number.isFinite(loss) : allFinite(output.data)) return;
  const layer = firstNonFiniteLayer(model);
  const value = loss ?? output.data.find((x) => !Number.isFinite(x)) ?? NaN;
  throw new NonFiniteError(messages.nonFiniteLossAt(step, value, layer, loss !== undefined ? "loss" : "output", lastNorm), step, layer, lastNorm);
}

/**
 * Throws NonFiniteError if any parameter's gradient holds NaN or ±Infinity. It names the
 * non-finite parameter nearest the output: backward runs from the output towards the input, so
 * that is where the overflow happened first (everything before it only inherited it).
 */
export function checkGradients(step: number, named: ReadonlyArray<[string, Tensor]>, lastNorm: number): void {
  for (let k = named.length - 1; k >= 0; k--) {
    const [name, p] = named[k];
    if (p.grad === null || allFinite(p.grad.data)) continue;
    const norm = p.grad.norm();
    throw new NonFiniteError(messages.nonFiniteGradAt(step, name, norm, lastNorm), step, name, norm);
  }
}

/**
 * After an update: if a parameter became non-finite (a finite but huge gradient times lr can
 * overflow), puts every parameter back from `saved` and throws NonFiniteError.
 */
export function checkUpdate(step: number, named: ReadonlyArray<[string, Tensor]>, saved: readonly Float64Array[]): void {
  const bad = named.findIndex(([, p]) => !allFinite(p.data));
  if (bad < 0) return;
  named.forEach(([, p], k) => p.data.set(saved[k]));
  const [name, p] = named[bad];
  const norm = p.grad?.norm() ?? NaN;
  throw new NonFiniteError(messages.nonFiniteUpdate(step, name, norm), step, name, norm);
}
