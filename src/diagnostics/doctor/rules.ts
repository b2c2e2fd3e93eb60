/**
 * From measurements to findings: one rule per finding (the thresholds and their reasons are in
 * thresholds.ts).
 *
 * The gradient rules read ‖∂ℓ/∂z_l‖, the Frobenius norm of the error signal at each layer's
 * pre-activation (Nielsen's δ^l of every example of the batch, in one norm). Why that norm: under a
 * fan-in-scaled initialization it is conserved across layers of different widths
 * (E‖∂ℓ/∂h_{l-1}‖² = fanIn·Var(W)·‖∂ℓ/∂z_l‖²), so a trend in it is a trend in the signal, not in
 * the widths. The chain runs layer1 ... layerL, output; a per-layer factor is fitted by least
 * squares to log ‖∂ℓ/∂z_l‖ against l (so one odd layer does not decide it), the ratio is layer1
 * over output.
 * Values that are exactly 0 (dead layers: the "dead" rule) or not finite (the "exploding" rule)
 * are left out of the fits.
 */

import type { DiagnosticRow } from "../layer-stats.js";
import type { ThroughTimeRow } from "../through-time.js";
import { remedyFor, TITLES, type RemedyContext } from "./remedies.js";
import type { DoctorThresholds } from "./thresholds.js";
import type { Finding, FindingName, Probe, Severity } from "./types.js";

/** A layer counts as learning slowly (or wildly) when its gradient is 10 times below (above) the output's. */
const LAYER_FACTOR = 10;
/** Saturation this widespread cuts almost all of a layer's gradient. */
const SATURATED_CRITICAL = 0.9;

/** All findings, most severe first; among equals the likely cause before its symptoms. */
export function findings(probe: Probe, t: DoctorThresholds): Finding[] {
  const ctx: RemedyContext = { activation: probe.activation, cell: probe.recurrent?.cell, lr: probe.training?.lr };
  const out = [
    ...dead(probe, t, ctx), ...initScale(probe, t, ctx), ...saturated(probe, t, ctx), ...exploding(probe, t, ctx),
    ...vanishing(probe, t, ctx), ...horizon(probe, t, ctx), ...learningRate(probe, t, ctx),
  ];
  const rank: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };
  // Array.prototype.sort is stable: the rules' order above (causes first) breaks ties.
  return out.sort((a, b) => rank[a.severity] - rank[b.severity]);
}

function finding(name: FindingName, severity: Severity, layers: string[], evidence: string, numbers: Record<string, number>, ctx: RemedyContext): Finding {
  return { name, title: TITLES[name], severity, layers, evidence, numbers, ...remedyFor(name, ctx) };
}

/** 3 significant digits, exponent form below 1e-3 and from 1e4: the numbers of the evidence. */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e4 ? x.toExponential(2).replace("e+", "e") : String(Number(x.toPrecision(3)));
}

/** A list of layer names in a few words: "layer1, layer2", or a run "t1 ... t40 (40)". */
export function spanOf(layers: readonly string[]): string {
  if (layers.length <= 3) return layers.join(", ");
  return `${layers[0]} ... ${layers[layers.length - 1]} (${layers.length})`;
}

/** The value of one metric per layer, in the rows' order. */
function series(rows: readonly DiagnosticRow[], metric: string): Array<[string, number]> {
  return rows.filter((r) => r.metric === metric).map((r) => [r.layer, r.value]);
}

/** Least-squares slope of log(value) against position: the factor per position, exp(slope). */
export function geometricFactor(points: ReadonlyArray<[number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, v]) => s + Math.log(v), 0) / n;
  let sxy = 0, sxx = 0;
  for (const [x, v] of points) {
    sxy += (x - mx) * (Math.log(v) - my);
    sxx += (x - mx) ** 2;
  }
  return Math.exp(sxx === 0 ? 0 : sxy / sxx);
}

/** The gradient chain layer1 ... output of a feed-forward probe, as [layer, position, norm]. */
function gradientChain(probe: Probe): Array<[string, number, number]> {
  if (probe.kind !== "feedForward") return [];
  return series(probe.rows, "preActivationGradNorm").map(([layer, v], i) => [layer, i, v]);
}

/** Ratio layer1/output and the factor per layer going back (1 / forward growth), over positive finite norms. */
function chainShape(chain: ReadonlyArray<[string, number, number]>): { ratio: number; factor: number; first: string; last: number } | null {
  const ok = chain.filter(([, , v]) => Number.isFinite(v) && v > 0);
  if (ok.length < 2 || ok[ok.length - 1][0] !== chain[chain.length - 1][0]) return null;
  const last = ok[ok.length - 1][2];
  return { ratio: ok[0][2] / last, factor: 1 / geometricFactor(ok.map(([, x, v]) => [x, v])), first: ok[0][0], last };
}

function vanishing(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  const chain = gradientChain(probe);
  const shape = chainShape(chain);
  if (shape === null) return [];
  const { ratio, factor, first, last } = shape;
  const severity: Severity | null = ratio < t.vanishingRatio ? "critical" : factor < t.vanishingFactor && ratio < 1 / LAYER_FACTOR ? "warning" : null;
  if (severity === null) return [];
  const slow = chain.filter(([, , v]) => v > 0 && v < last / LAYER_FACTOR).map(([l]) => l);
  return [finding("vanishing", severity, slow,
    `‖∂ℓ/∂z‖ of ${first} is ${fmt(ratio)} times the output layer's (critical below ${fmt(t.vanishingRatio)}); ` +
    `fitted over ${chain.length} layers it shrinks ×${fmt(factor)} per layer going back (warning below ${t.vanishingFactor}). ` +
    `${spanOf(slow)} get${slow.length === 1 ? "s" : ""} under 1/${LAYER_FACTOR} of the output layer's gradient.`,
    { ratio, perLayerFactor: factor, threshold: t.vanishingRatio, factorThreshold: t.vanishingFactor }, ctx)];
}

function exploding(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  if (probe.nonFiniteForward !== undefined) {
    return [finding("exploding", "critical", [layerOf(probe, probe.nonFiniteForward)],
      `The forward pass overflows at the current weights: ${probe.nonFiniteForward} is the first non-finite value.`, {}, ctx)];
  }
  const grads = probe.kind === "feedForward" ? gradientChain(probe) : [];
  const bad = grads.filter(([, , v]) => !Number.isFinite(v)).map(([l]) => l);
  if (bad.length > 0) {
    return [finding("exploding", "critical", bad, `The gradient overflows: ‖∂ℓ/∂z‖ is not finite at ${spanOf(bad)}.`, {}, ctx)];
  }
  if (probe.kind === "recurrent") return explodingThroughTime(probe, t, ctx);
  const shape = chainShape(grads);
  if (shape === null) return [];
  const { ratio, factor, first, last } = shape;
  const severity: Severity | null = ratio > t.explodingRatio ? "critical" : factor > t.explodingFactor && ratio > LAYER_FACTOR ? "warning" : null;
  if (severity === null) return [];
  const wild = grads.filter(([, , v]) => v > last * LAYER_FACTOR).map(([l]) => l);
  return [finding("exploding", severity, wild,
    `‖∂ℓ/∂z‖ of ${first} is ${fmt(ratio)} times the output layer's (critical above ${fmt(t.explodingRatio)}); ` +
    `fitted over ${grads.length} layers it grows ×${fmt(factor)} per layer going back (warning above ${t.explodingFactor}). ` +
    `${spanOf(wild)} get${wild.length === 1 ? "s" : ""} over ${LAYER_FACTOR} times the output layer's gradient.`,
    { ratio, perLayerFactor: factor, threshold: t.explodingRatio, factorThreshold: t.explodingFactor }, ctx)];
}

/** The squashing activations, the only ones whose units saturate at both ends. */
const SQUASHING = new Set(["sigmoid", "tanh"]);

function saturated(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  // ReLU-family units are flat only for z < 0: "off", which the dead rule judges over all examples.
  if (probe.activation === undefined || !SQUASHING.has(probe.activation)) return [];
  const rows = series(probe.rows, "saturatedFraction");
  const over = rows.filter(([, v]) => v > t.saturated);
  if (over.length === 0) return [];
  const [worstLayer, worst] = over.reduce((a, b) => (b[1] > a[1] ? b : a));
  const what = probe.kind === "recurrent" ? "time steps" : "layers";
  return [finding("saturated", worst > SATURATED_CRITICAL ? "critical" : "warning", over.map(([l]) => l),
    `${over.length} of ${rows.length} ${what} have more than ${t.saturated * 100}% of their ${probe.activation} units saturated (slope below 0.03); ` +
    `the worst, ${worstLayer}, ${fmt(worst * 100)}%.`,
    { worst, layers: over.length, threshold: t.saturated }, ctx)];
}

function dead(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  if (probe.activation === undefined || SQUASHING.has(probe.activation)) return [];
  const rows = series(probe.rows, "deadFraction");
  const over = rows.filter(([, v]) => v > t.dead);
  if (over.length === 0) return [];
  const [worstLayer, worst] = over.reduce((a, b) => (b[1] > a[1] ? b : a));
  const whole = over.filter(([, v]) => v === 1).map(([l]) => l);
  return [finding("dead", whole.length > 0 ? "critical" : "warning", over.map(([l]) => l),
    `${over.length} of ${rows.length} ${probe.kind === "recurrent" ? "time steps" : "layers"} have more than ${t.dead * 100}% of their ${probe.activation} units off for all ${probe.examples} probe examples; ` +
    `the worst, ${worstLayer}, ${fmt(worst * 100)}%.` +
    (whole.length > 0 ? ` ${spanOf(whole)} ${whole.length === 1 ? "is" : "are"} entirely dead: no gradient passes ${whole.length === 1 ? "it" : "them"}.` : ""),
    { worst, layers: over.length, wholeLayers: whole.length, threshold: t.dead }, ctx)];
}

function initScale(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  if (probe.kind !== "feedForward") return [];
  const stds = series(probe.rows, "activationStd").filter(([l]) => l !== "output");
  const ok = stds.map(([l, v], i): [string, number, number] => [l, i, v]).filter(([, , v]) => Number.isFinite(v) && v > 0);
  if (ok.length < 2) return [];
  const factor = geometricFactor(ok.map(([, i, v]) => [i, v]));
  const shrinking = factor < 1 / t.initScaleFactor;
  if (!shrinking && factor <= t.initScaleFactor) return [];
  const change = ok[ok.length - 1][2] / ok[0][2];
  const critical = shrinking ? change < t.vanishingRatio : change > t.explodingRatio;
  return [finding("initScale", critical ? "critical" : "warning", ok.map(([l]) => l),
    `At initialization the activations' standard deviation ${shrinking ? "shrinks" : "grows"} ×${fmt(factor)} per layer ` +
    `(more than a factor ${t.initScaleFactor}): ${ok[0][0]} ${fmt(ok[0][2])}, ${ok[ok.length - 1][0]} ${fmt(ok[ok.length - 1][2])}.`,
    { perLayerFactor: factor, change, first: ok[0][2], last: ok[ok.length - 1][2], threshold: t.initScaleFactor }, { ...ctx, shrinking })];
}

function learningRate(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  const run = probe.training;
  if (run === undefined) return [];
  const head = `With ${run.optimizer} at lr = ${run.lr}`;
  if (run.nonFinite !== undefined) {
    return [finding("learningRate", "critical", [layerOf(probe, run.nonFinite.layer)],
      `${head}, the probe's training went non-finite at step ${run.nonFinite.step} of ${run.steps} (first in ${run.nonFinite.layer}); ` +
      `the loss on the probe set was ${fmt(run.lossBefore)} before.`,
      { lr: run.lr, step: run.nonFinite.step, lossBefore: run.lossBefore }, ctx)];
  }
  const rise = run.lossAfter / run.lossBefore;
  const ratios = new Map<string, number[]>();
  for (const r of run.updateToData) ratios.set(r.layer, [...(ratios.get(r.layer) ?? []), r.value]);
  const means = [...ratios].map(([l, vs]): [string, number] => [l, vs.reduce((a, b) => a + b, 0) / vs.length]);
  const big = means.filter(([, v]) => v > t.updateToData);
  const worst = means.reduce((m, [, v]) => Math.max(m, v), 0);
  const severity: Severity | null = !Number.isFinite(rise) || rise > 2 ? "critical" : rise > t.lossRise || big.length > 0 ? "warning" : null;
  if (severity === null) return [];
  return [finding("learningRate", severity, big.map(([l]) => l),
    `${head}, the loss on the probe set went from ${fmt(run.lossBefore)} to ${fmt(run.lossAfter)} in ${run.steps} steps ` +
    `(×${fmt(rise)}; warning above ×${t.lossRise}); the largest mean update:data ratio ‖ΔW‖/‖W‖ is ${fmt(worst)} (warning above ${t.updateToData}` +
    `${big.length > 0 ? `, crossed by ${spanOf(big.map(([l]) => l))}` : ""}).`,
    { lr: run.lr, lossBefore: run.lossBefore, lossAfter: run.lossAfter, lossRatio: rise, maxUpdateToData: worst, threshold: t.updateToData }, ctx)];
}

/** The traced layer a place in an error names: "layer2 (pre-activation)" and "layer2.weight" are "layer2". */
function layerOf(probe: Probe, place: string): string {
  const base = place.split(" ")[0];
  const owner = base.includes(".") ? base.slice(0, base.lastIndexOf(".")) : base;
  return probe.rows.some((r) => r.layer === owner) ? owner : base;
}

/** The gradient per time step: ‖∂ℓ/∂hₜ‖, for an LSTM the larger of it and ‖∂ℓ/∂cₜ‖. */
function timeSeries(rows: readonly ThroughTimeRow[]): Array<[number, number]> {
  const at = new Map<number, number>();
  for (const r of rows) if (r.metric === "hiddenGradNorm" || r.metric === "cellGradNorm") at.set(r.t, Math.max(at.get(r.t) ?? 0, r.value));
  return [...at].sort((a, b) => a[0] - b[0]);
}

/** Whether the through-time rules apply: a recurrent probe whose loss reads the last step only. */
function readsLastStep(probe: Probe): boolean {
  return probe.kind === "recurrent" && probe.recurrent?.readout === "last";
}

function explodingThroughTime(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  if (!readsLastStep(probe)) return [];
  const ts = timeSeries(probe.timeRows).filter(([, v]) => v > 0);
  if (ts.length < 2) return [];
  const last = ts[ts.length - 1][1];
  const ratio = ts[0][1] / last;
  if (!(ratio > t.explodingRatio)) return [];
  const wild = ts.filter(([, v]) => v > last * LAYER_FACTOR).map(([s]) => `t${s}`);
  return [finding("exploding", "critical", wild,
    `Through time, ‖∂ℓ/∂hₜ‖ at t = ${ts[0][0]} is ${fmt(ratio)} times the last step's (critical above ${fmt(t.explodingRatio)}).` + spectrum(probe),
    { ratio, threshold: t.explodingRatio }, ctx)];
}

/** The recurrent matrix's spectrum or the forget gate, as evidence. */
function spectrum(probe: Probe): string {
  const r = probe.recurrent;
  if (r?.largestSingularValue !== undefined && r.spectralRadius !== undefined) {
    return ` The recurrent matrix has σ_max(W_h) = ${fmt(r.largestSingularValue)} and ρ(W_h) = ${fmt(r.spectralRadius)}` +
      (r.largestSingularValue < 1 && probe.activation === "tanh" ? `; with |tanh'| <= 1, σ_max < 1 alone makes the gradient shrink at least ×${fmt(r.largestSingularValue)} per step (Pascanu et al. 2013).` : ".");
  }
  const forget = probe.timeRows.filter((row) => row.metric === "forgetGateMean");
  if (forget.length > 0) {
    const f = forget.reduce((s, row) => s + row.value, 0) / forget.length;
    return ` The forget gate averages ${fmt(f)}: the cell state, and its gradient, keeps about that share per step.`;
  }
  return "";
}

function horizon(probe: Probe, t: DoctorThresholds, ctx: RemedyContext): Finding[] {
  if (!readsLastStep(probe)) return [];
  const ts = timeSeries(probe.timeRows).filter(([, v]) => Number.isFinite(v) && v > 0);
  if (ts.length < 2) return [];
  const [T, last] = ts[ts.length - 1];
  const lost = ts.filter(([, v]) => v < last * t.horizon);
  if (lost.length === 0) return [];
  // The latest step the gradient no longer reaches, counted back from the last step.
  const reach = T - lost[lost.length - 1][0];
  const factor = 1 / geometricFactor(ts);
  const critical = reach <= T / 2;
  return [finding("horizon", critical ? "critical" : "warning", lost.map(([s]) => `t${s}`),
    `Through time, ‖∂ℓ/∂hₜ‖ falls below ${fmt(t.horizon)} of the last step's within ${reach} steps back (the sequence has ${T}; ` +
    `critical within the second half); at t = ${ts[0][0]} it is ${fmt(ts[0][1] / last)} of the last step's, about ×${fmt(factor)} per step going back.` + spectrum(probe),
    { reach, T, ratio: ts[0][1] / last, perStepFactor: factor, threshold: t.horizon }, ctx)];
}
