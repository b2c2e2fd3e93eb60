/**
 * Checks for lesson 12, "Diagnosing a network", keyed by the exercise ids in
 * `12-diagnosing-a-network.md`. One exercise per broken network, A to E: the learner's cell
 * defines `diagnosisX` (one of the doctor's seven names) and `fixX()` (the options it changes).
 *
 * What the checks judge, for each network:
 *   1. the diagnosis is one of the seven names, and it is the cause (not a symptom of it);
 *   2. the fix is a plain object of the options a fix may change (the depth, the width, the
 *      optimizer, the number of steps, the batch size and the seeds are fixed by the assignment);
 *   3. the fix changes an option that can remove the cause (not only the learning rate of a
 *      network whose architecture is wrong, nor the architecture of one whose step is too long),
 *      and nothing the cause does not need: at most two options, all on the cause's side (the
 *      building blocks, or the step), so that every remedy at once, or the same fix for every
 *      network, does not pass;
 *   4. the network rebuilt with the fix, trained for the stated budget, classifies held-out points:
 *      at least 90% correct, with two seeds in public and, hidden, two more seeds on other training
 *      and held-out sets (so no fix tuned to one seed, and no table of public results, passes).
 * Every training here is ours: the learner's code only returns the options, and `fixX()` is called
 * once per check run, its object copied (own plain values only), so every case judges the same fix.
 * The checks' `actual` returns that copy and nothing more; each verdict is computed by `measure`,
 * on the judging side (in the grader's own process when a class is graded), so a cell that patches
 * built-ins or the library cannot bend the training or the measurements that grade it.
 */

import { circles } from "../src/data/classification.js";
import type { ClassificationDataset } from "../src/data/dataset.js";
import { doctor } from "../src/diagnostics/doctor.js";
import { casesFor, defineExercise, defineLesson, sealed, type Check, type Sealed, type WrongAnswer } from "../src/exercises/index.js";
import { NonFiniteError } from "../src/messages.js";
import { activationNames } from "../src/nn/activations.js";
import { constant, getInitializer, normal, type Initializer } from "../src/nn/init.js";
import { MLP, type NormKind } from "../src/nn/mlp.js";
import { evaluate } from "../src/train/evaluate.js";
import { fit } from "../src/train/fit.js";

// ------------------------------------------------------------------------------------------------
// The assignment: five networks, one data set, one budget.

/** The doctor's seven names (diagnostics.FindingName): the only valid diagnoses. */
export const CAUSES = ["vanishing", "exploding", "saturated", "dead", "initScale", "learningRate", "horizon"] as const;
export type Cause = (typeof CAUSES)[number];

/** The training budget every network gets, and the held-out accuracy a fixed network must reach. */
export const BUDGET = { steps: 300, batchSize: 32, accuracy: 0.9 } as const;

/** A network and how it is trained: the MLP's options and the optimizer's. */
export interface Spec {
  depth: number;
  width: number;
  activation: string;
  init: string | Initializer;
  biasInit?: string | Initializer;
  norm?: NormKind;
  residual?: boolean;
  optimizer: "adam" | "sgd";
  lr: number;
  clipNorm?: number;
}

export type NetworkId = "A" | "B" | "C" | "D" | "E";

/** The five broken networks, exactly as the lesson builds them. */
export const NETWORKS: Readonly<Record<NetworkId, Readonly<Spec>>> = {
  A: { depth: 8, width: 16, activation: "sigmoid", init: "lecun", biasInit: "normal", optimizer: "adam", lr: 0.01 },
  B: { depth: 4, width: 16, activation: "relu", init: "he", biasInit: constant(-5), optimizer: "adam", lr: 0.01 },
  C: { depth: 4, width: 16, activation: "tanh", init: normal(5), optimizer: "adam", lr: 0.01 },
  D: { depth: 3, width: 16, activation: "relu", init: "he", optimizer: "sgd", lr: 20 },
  E: { depth: 6, width: 16, activation: "relu", init: normal(0.01), optimizer: "adam", lr: 0.01 },
};
// A learner's code gets fixes merged into copies; nothing may change the networks themselves.
for (const spec of Object.values(NETWORKS)) Object.freeze(spec);
Object.freeze(NETWORKS);

/**
 * What each network's failure is, as the lesson diagnoses it (and the doctor agrees). Sealed: the
 * student release holds only digests (see src/exercises/sealed.ts), so its checks file does not
 * list the answers.
 */
const CAUSE_OF: Readonly<Record<NetworkId, Sealed>> = { A: sealed("vanishing"), B: sealed("dead"), C: sealed("saturated"), D: sealed("learningRate"), E: sealed("initScale") };
const causeOf = (id: NetworkId): Cause => CAUSES.find((c) => CAUSE_OF[id].opens(c))!;

/** Options a fix may change: the network's activation, initialization, normalization and shortcuts, and the step. */
export const FIX_KEYS = ["activation", "init", "biasInit", "norm", "residual", "lr", "clipNorm"] as const;
type FixKey = (typeof FIX_KEYS)[number];
/** Options the assignment fixes: a fix may repeat them, unchanged, but not change them. */
const FIXED = (spec: Spec): Record<string, unknown> => ({ depth: spec.depth, width: spec.width, optimizer: spec.optimizer, steps: BUDGET.steps, batchSize: BUDGET.batchSize });
const SEED_KEYS = ["seed"];

/** The network `id` with `fix` applied, its weights drawn from `seed`. */
export function buildNetwork(id: NetworkId, fix: Record<string, unknown>, seed: number): MLP {
  const s = { ...NETWORKS[id], ...fix } as Spec;
  return new MLP({ inputs: 2, outputs: 2, depth: s.depth, width: s.width, activation: s.activation, init: s.init, biasInit: s.biasInit, norm: s.norm ?? null, residual: s.residual ?? false, seed });
}

// Data sets by seed, made once: the training set and the held-out set of each run.
const sets = new Map<number, ClassificationDataset>();
const circlesOf = (seed: number): ClassificationDataset => {
  let ds = sets.get(seed);
  if (ds === undefined) sets.set(seed, (ds = circles({ n: 200, seed })));
  return ds;
};

/** One graded run: which seed draws the weights (and orders the batches), which sets train and score. */
export interface Run {
  model: number;
  train: number;
  test: number;
}

/**
 * Trains network `id` with `fix` for the budget and returns its accuracy on the held-out set; a
 * run that overflows returns a sentence saying so (a number is due, so it fails the check).
 */
export function heldOutAccuracy(id: NetworkId, fix: Record<string, unknown>, run: Run): number | string {
  const s = { ...NETWORKS[id], ...fix } as Spec;
  const model = buildNetwork(id, fix, run.model);
  try {
    fit(model, circlesOf(run.train), { optimizer: s.optimizer, lr: s.lr, clipNorm: s.clipNorm, steps: BUDGET.steps, batchSize: BUDGET.batchSize, seed: run.model, evalEvery: BUDGET.steps });
  } catch (e) {
    if (e instanceof NonFiniteError) return `training stopped at step ${e.step}: a NaN or infinity`;
    throw e;
  }
  return evaluate(model, circlesOf(run.test)).accuracy!;
}

// ------------------------------------------------------------------------------------------------
// Reading a fix.

/** How a fix that cannot be sent to the judging side as plain data comes back: this, then why. */
const UNREADABLE = "unreadable fix: ";

/**
 * The fix as it is sent to be judged: a copy of the object's own enumerable values, made once, so
 * a getter or a Proxy cannot show one check one fix and another check another. It must be plain
 * data, since the judging (rebuilding and training the network) happens in the grader, away from
 * the learner's code: a value that is not (a getter, an initializer function) becomes a sentence
 * saying what to write instead. Anything that is not a plain object is returned as it is, for
 * formProblem to name.
 */
function snapshot(fix: unknown): unknown {
  if (isThenable(fix)) return `${UNREADABLE}fixX() returned a Promise (an async function): return the object itself`;
  if (!isPlainObject(fix)) return fix;
  const copy: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(Object.getOwnPropertyDescriptors(fix))) {
    if (!d.enumerable) continue;
    if (!("value" in d)) return `${UNREADABLE}'${key}' is a getter: write the value itself, as in { ${key}: ... }`;
    if (typeof d.value === "function") return `${UNREADABLE}'${key}' is a function: give the initializer's name instead, such as "he" or "glorot" (the checks rebuild the network from names)`;
    copy[key] = d.value;
  }
  return copy;
}

const isPlainObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x) && (Object.getPrototypeOf(x) === Object.prototype || Object.getPrototypeOf(x) === null);

const isThenable = (x: unknown): boolean => x !== null && typeof x === "object" && typeof (x as { then?: unknown }).then === "function";
const describeValue = (x: unknown): string =>
  x === null ? "null" : Array.isArray(x) ? "an array" :
    typeof x === "object" ? "an object that is not a plain { ... } literal" : `a ${typeof x}`;

/** A name the library's initializers answer to ("He" counts as "he", as the library reads it). */
const isInitName = (v: unknown): boolean => {
  if (typeof v !== "string") return false;
  try {
    getInitializer(v);
    return true;
  } catch {
    return false;
  }
};

/** What is wrong with a fix's form, or null when it is a plain object of allowed options with valid values. */
function formProblem(id: NetworkId, fix: unknown): string | null {
  if (typeof fix === "string" && fix.startsWith(UNREADABLE)) return fix.slice(UNREADABLE.length);
  if (!isPlainObject(fix)) return `fixX() returned ${describeValue(fix)}`;
  const fixed = FIXED(NETWORKS[id]);
  for (const [key, value] of Object.entries(fix)) {
    if ((FIX_KEYS as readonly string[]).includes(key)) continue;
    if (key in fixed) {
      if (value !== fixed[key]) return `'${key}' is fixed by the assignment at ${JSON.stringify(fixed[key])}, got ${JSON.stringify(value)}`;
      continue;
    }
    if (SEED_KEYS.includes(key)) return "'seed' is chosen by the checks, not by the fix";
    return `unknown option '${key}'`;
  }
  const bad = (key: FixKey, ok: (v: unknown) => boolean, want: string): string | null =>
    key in fix && !ok(fix[key]) ? `${key} should be ${want}, got ${JSON.stringify(fix[key]) ?? describeValue(fix[key])}` : null;
  const positive = (v: unknown) => typeof v === "number" && Number.isFinite(v) && v > 0;
  return bad("lr", positive, "a positive number") ??
    bad("clipNorm", positive, "a positive number") ??
    bad("residual", (v) => typeof v === "boolean", "true or false") ??
    bad("norm", (v) => v === "batch" || v === "layer" || v === null, '"batch", "layer" or null') ??
    // The library's own names only (its lookup also accepts "__proto__" and builds a ReLU network).
    bad("activation", (v) => typeof v === "string" && (activationNames as readonly string[]).includes(v), `one of ${activationNames.map((n) => `"${n}"`).join(", ")}`) ??
    bad("init", isInitName, "an initializer's name such as \"glorot\" or \"he\"") ??
    bad("biasInit", isInitName, "an initializer's name such as \"zeros\"") ??
    (FIX_KEYS.some((k) => k in fix) ? null : "it changes none of the options");
}

const GOOD_FORM = "a plain object of options to change";

/** The options the fix changes, with defaults as the network has them (norm null, residual false). */
function changedKeys(id: NetworkId, fix: Record<string, unknown>): FixKey[] {
  const base = NETWORKS[id] as unknown as Record<string, unknown>;
  const defaults: Record<string, unknown> = { norm: null, residual: false, biasInit: "zeros", clipNorm: undefined };
  // Initializer names as the library reads them (capitals, spaces, dashes and underscores do not
  // count: "He" is "he"), so repeating the network's own name in other capitals is no change.
  const spelled = (k: string, v: unknown) => ((k === "init" || k === "biasInit") && typeof v === "string" ? v.toLowerCase().replace(/[\s_-]/g, "") : v);
  const norm = (k: string, v: unknown) => spelled(k, v === undefined ? defaults[k] : v);
  return FIX_KEYS.filter((k) => k in fix && norm(k, fix[k]) !== norm(k, base[k]));
}

/**
 * Which changed options can remove each cause (the remedies of lessons 05-09, by cause: the rule
 * does not say which network has which). A network with the wrong building blocks is not repaired
 * by the step size; a step that is too long is not repaired by the building blocks.
 */
const ADDRESSES: Readonly<Partial<Record<Cause, (changed: FixKey[], fix: Record<string, unknown>, spec: Readonly<Spec>) => boolean>>> = {
  vanishing: (c) => c.some((k) => k === "activation" || k === "norm" || k === "residual"),
  dead: (c) => c.some((k) => k === "biasInit" || k === "activation" || k === "norm"),
  saturated: (c) => c.some((k) => k === "init" || k === "norm" || k === "activation"),
  learningRate: (c, fix, spec) => (c.includes("lr") && (fix.lr as number) < spec.lr) || c.includes("clipNorm"),
  initScale: (c) => c.some((k) => k === "init" || k === "norm" || k === "residual"),
};

const ADDRESSES_CAUSE = "changes an option that can remove the cause";

/** The network's building blocks, and the step: a fix changes one side, the cause's. */
const BUILDING_BLOCKS: readonly FixKey[] = ["activation", "init", "biasInit", "norm", "residual"];
const STEP: readonly FixKey[] = ["lr", "clipNorm"];

/**
 * What a fix may change, by cause (like ADDRESSES, it does not say which network has which): the
 * building blocks for a network built wrong, the step for one trained wrong. Changing the other
 * side as well is a second change the cause did not ask for (section 2: one change at a time).
 */
const MAY_CHANGE: Readonly<Partial<Record<Cause, readonly FixKey[]>>> = {
  vanishing: BUILDING_BLOCKS,
  dead: BUILDING_BLOCKS,
  saturated: BUILDING_BLOCKS,
  initScale: BUILDING_BLOCKS,
  learningRate: STEP,
};

/** At most this many options changed: one remedy (an activation with the initialization made for it), not several at once. */
export const MAX_CHANGED = 2;

const ONLY_THE_CAUSE = "changes only what the cause needs";

function scope(id: NetworkId, fix: unknown): string {
  const problem = formProblem(id, fix);
  if (problem !== null) return `not judged: ${problem}`;
  const changed = changedKeys(id, fix as Record<string, unknown>);
  if (changed.length === 0) return "not judged: it changes nothing";
  const outside = changed.filter((k) => !MAY_CHANGE[causeOf(id)]!.includes(k));
  if (outside.length > 0) return `also changes ${outside.join(", ")}, which the cause does not need`;
  if (changed.length > MAX_CHANGED) return `changes ${changed.length} options at once (${changed.join(", ")})`;
  return `${ONLY_THE_CAUSE} (changes ${changed.join(", ")})`;
}

function relevance(id: NetworkId, fix: unknown): string {
  const problem = formProblem(id, fix);
  if (problem !== null) return `not judged: ${problem}`;
  const f = fix as Record<string, unknown>;
  const changed = changedKeys(id, f);
  if (changed.length === 0) return "changes nothing: every option is as the network has it";
  const what = `changes ${changed.join(", ")}`;
  return ADDRESSES[causeOf(id)]!(changed, f, NETWORKS[id]) ? `${ADDRESSES_CAUSE} (${what})` : `${what} only`;
}

const CAUSE_GONE = "the measurements no longer show the cause";

/**
 * The same fix always trains and measures the same way (every seed is fixed), and a class sends
 * the same few fixes many times: the grader measures each once.
 */
const measuredBefore = new Map<string, number | string>();
function remembered<T extends number | string>(key: string, work: () => T): T {
  if (!measuredBefore.has(key)) measuredBefore.set(key, work());
  return measuredBefore.get(key) as T;
}

/**
 * Measures the fixed network as the lesson did (forward and backward passes at initialization on
 * the training set, and ten training steps with its optimizer) and says whether the cause is
 * still there, quoting the numbers. The thresholds are the doctor's (diagnostics/doctor/thresholds.ts).
 */
function causeAfterFix(id: NetworkId, fix: unknown): string {
  return remembered(`cause ${id} ${JSON.stringify(fix)}`, () => measureCause(id, fix));
}

/** causeAfterFix's work, done once per fix. */
function measureCause(id: NetworkId, fix: unknown): string {
  const problem = formProblem(id, fix);
  if (problem !== null) return `not judged: ${problem}`;
  const f = fix as Record<string, unknown>;
  const s = { ...NETWORKS[id], ...f } as Spec;
  const result = doctor(buildNetwork(id, f, 1), circlesOf(1), { optimizer: s.optimizer, lr: s.lr, clipNorm: s.clipNorm });
  const still = result.find(causeOf(id));
  return still === undefined ? CAUSE_GONE : `still measured: ${still.evidence}`;
}

/** The accuracy of the fixed network on one run, or why it was not trained. */
function accuracyOf(id: NetworkId, fix: unknown, run: Run): number | string {
  const problem = formProblem(id, fix);
  if (problem !== null) return `not trained: ${problem}`;
  return remembered(`accuracy ${id} ${JSON.stringify(fix)} ${JSON.stringify(run)}`, () => heldOutAccuracy(id, fix as Record<string, unknown>, run));
}

// ------------------------------------------------------------------------------------------------
// One exercise per network.

/** The runs: two public (the lesson's sets, two seeds), two hidden (other seeds, other sets). */
const PUBLIC_RUNS: readonly Run[] = [{ model: 1, train: 1, test: 2 }, { model: 2, train: 1, test: 2 }];
const HIDDEN_RUNS: readonly Run[] = [{ model: 3, train: 5, test: 6 }, { model: 4, train: 7, test: 8 }];

interface NetworkText {
  /** Where to look to tell the cause from its symptoms (never the answer itself). */
  diagnosisHint: string;
  /** Why a change that does not reach the cause is not a fix. */
  relevanceHint: string;
  /** What the measurement that must change is, when a fix leaves the cause in place. */
  measuredHint: string;
  /** What to try when the fixed network still does not train. */
  accuracyHint: string;
}

const TEXT: Readonly<Record<NetworkId, NetworkText>> = {
  A: {
    diagnosisHint: "Go in order. Forward pass: are A's activations shrinking, saturated or dead? If they are fine, the first abnormal number is in the backward pass: how does ‖∂L/∂z‖ change from layer to layer, and what sets that factor?",
    relevanceHint: "A larger learning rate or clipping scales every layer's step alike: the first layers would still get a millionth of the output layer's gradient. Change what multiplies the gradient at every layer.",
    measuredHint: "After the fix, ‖∂L/∂z‖ at layer 1 must be at least 1/1000 of the output layer's, and the fitted factor per layer must not fall below 0.5: measure it as in section 4.",
    accuracyHint: "Your change did not give a network that trains in 300 steps on every seed. Remove the factor that shrinks the gradient at every layer (lessons 06-09), and try your fix on more seeds with tryFix before submitting.",
  },
  B: {
    diagnosisHint: "Go in order: the forward pass at initialization comes first. How many of B's units are ever on, for any of the 200 points? A gradient of exactly 0 is what follows from that.",
    relevanceHint: "No step size moves a weight whose gradient is exactly 0. Change what keeps the units off.",
    measuredHint: "After the fix, no layer may have more than half of its units off (slope below 0.03) for every training example: measure it as in section 3.",
    accuracyHint: "The units must be on for some inputs from the start: what pushes every pre-activation far below 0? (A leaky slope of 0.01 through four layers passes only 1e-8 of the gradient.)",
  },
  C: {
    diagnosisHint: "The first abnormal numbers are in the forward pass: what values do C's tanh units take, and how steep is tanh there? The gradient growing toward the input is a consequence of the same large weights, and this run never overflows.",
    relevanceHint: "Clipping or a smaller step does not bring the pre-activations back to where tanh has a slope. Change what makes them so large.",
    measuredHint: "After the fix, no tanh layer may have more than half of its values where the slope is below 0.03 (|tanh z| > 0.97): measure it as in section 3.",
    accuracyHint: "The pre-activations must start where tanh is not flat: make the weights the size the variance rule gives (lesson 07), or normalize before the activation (lesson 08).",
  },
  D: {
    diagnosisHint: "At initialization D is the healthy reference network, weight for weight: its forward and backward passes are fine. The trouble starts with the first steps. Units that are dead at the end are what the run left behind, not why it failed.",
    relevanceHint: "D's architecture and initialization are those of the healthy reference; only its training differs. Change how far each step goes.",
    measuredHint: "After the fix, ten training steps must not raise the loss by more than 10%, and no weight matrix may change by more than a tenth of its size per step (update:data above 0.1): measure it as in section 5.",
    accuracyHint: "The step must be short enough that update:data stays well below 0.1, and long enough that 300 plain SGD steps get somewhere: a tenth of the learning rate is where to start, not always where to stop, and a thousandth is too far.",
  },
  E: {
    diagnosisHint: "Two names fit E's gradients. Look at the forward pass first: the activations' size layer by layer. A problem that is there before any gradient is computed is the cause; the gradients only inherit it.",
    relevanceHint: "A larger learning rate cannot repair a signal that is a million times too small by the last layer. Change what sets the size of the signal at every layer.",
    measuredHint: "After the fix, the activations' standard deviation must not shrink (or grow) by more than a factor 2 per layer: measure it as in section 3.",
    accuracyHint: "Each layer should keep the signal's size: draw the weights with the variance the activation needs (lesson 07), or normalize each layer (lesson 08).",
  },
};

/** The name a near miss (other capitals, spaces, dashes or underscores) was meant to be, or undefined. */
const nearName = (a: unknown): Cause | undefined => {
  if (typeof a !== "string" || (CAUSES as readonly string[]).includes(a)) return undefined;
  const squeezed = a.replace(/[\s_-]/g, "").toLowerCase();
  return CAUSES.find((c) => c.toLowerCase() === squeezed);
};

type Solution<Id extends NetworkId> = { [K in `diagnosis${Id}`]: string } & { [K in `fix${Id}`]: () => unknown };

function networkExercise<Id extends NetworkId>(id: Id, wrong: WrongAnswer<Solution<Id>>[]) {
  type S = Solution<Id>;
  const diagnosisOf = (s: S): unknown => (s as Record<string, unknown>)[`diagnosis${id}`];
  // fixX() once per check run (per solution object), copied: every case judges the same fix.
  const calls = new WeakMap<object, { fix: unknown } | { error: unknown }>();
  const fixOf = (s: S): unknown => {
    let got = calls.get(s);
    if (got === undefined) {
      try {
        got = { fix: snapshot(((s as Record<string, unknown>)[`fix${id}`] as () => unknown)()) };
      } catch (e) {
        got = { error: e };
      }
      calls.set(s, got);
    }
    if ("error" in got) throw got.error;
    return got.fix;
  };
  const c = casesFor<S>();
  const text = TEXT[id];
  const accuracyCase = (name: string, runs: readonly Run[]): Check<S>[] =>
    c({
      name,
      inputs: runs,
      show: (r) => `network ${id} + your fix, weights and batches from seed ${r.model}, trained ${BUDGET.steps} steps on circles (seed ${r.train}), scored on circles (seed ${r.test})`,
      expected: () => `at least ${BUDGET.accuracy}`,
      actual: (s) => fixOf(s),
      measure: (fix, r) => accuracyOf(id, fix, r),
      matches: (a) => typeof a === "number" && a >= BUDGET.accuracy,
      hint: text.accuracyHint,
    });
  return defineExercise<S>({
    id: `diagnose-network-${id.toLowerCase()}`,
    names: [`diagnosis${id}`, `fix${id}`] as (keyof S & string)[],
    checks: [
      {
        name: "the diagnosis is one of the seven names",
        input: `diagnosis${id}`,
        expected: `one of ${CAUSES.join(", ")}`,
        actual: diagnosisOf,
        matches: (a) => typeof a === "string" && (CAUSES as readonly string[]).includes(a),
        hint: "Write one of the seven names exactly, as a string: for example \"exploding\" (the spelling and the capitals count).",
        diagnose: (a) => {
          const near = nearName(a);
          return near === undefined ? undefined : `Almost: the name is written "${near}", with these capitals and no spaces; the checks compare it as written.`;
        },
      },
      {
        name: "the diagnosis names the cause, not a symptom",
        input: `diagnosis${id}`,
        expected: "the cause of the failure (not shown)",
        actual: diagnosisOf,
        matches: (a) => typeof a === "string" && CAUSE_OF[id].opens(a),
        hint: text.diagnosisHint,
        // Not judged until it is one of the names: the hint on where to look would mislead a learner
        // who has the right cause spelled another way. Says nothing about which name is right.
        diagnose: (a) => (typeof a === "string" && (CAUSES as readonly string[]).includes(a) ? undefined : "Not judged yet: first write one of the seven names exactly (the check above)."),
      },
      {
        name: "the fix is a plain object of options to change",
        input: `fix${id}()`,
        expected: GOOD_FORM,
        actual: (s) => fixOf(s),
        measure: (fix) => formProblem(id, fix) ?? GOOD_FORM,
        matches: (a) => a === GOOD_FORM,
        hint: `Return an object literal such as { init: "glorot" } with some of: ${FIX_KEYS.join(", ")}. The depth, the width, the optimizer, the ${BUDGET.steps} steps, the batch size and the seeds are fixed by the assignment.`,
      },
      {
        name: "the fix addresses the cause",
        input: `fix${id}()`,
        expected: ADDRESSES_CAUSE,
        actual: (s) => fixOf(s),
        measure: (fix) => relevance(id, fix),
        matches: (a) => typeof a === "string" && a.startsWith(ADDRESSES_CAUSE),
        hint: text.relevanceHint,
      },
      {
        name: "the fix changes only what the cause needs",
        input: `fix${id}()`,
        expected: `${ONLY_THE_CAUSE} (at most ${MAX_CHANGED} options, all on the cause's side)`,
        actual: (s) => fixOf(s),
        measure: (fix) => scope(id, fix),
        matches: (a) => typeof a === "string" && a.startsWith(ONLY_THE_CAUSE),
        hint: `One change at a time (section 2): a fix is one remedy, at most ${MAX_CHANGED} options (an activation and the initialization made for it), all on the cause's side: the building blocks (${BUILDING_BLOCKS.join(", ")}) for a network built wrong, the step (${STEP.join(", ")}) for one trained wrong. Keep the option that removes the cause and drop the rest.`,
      },
      {
        name: "the fix removes the cause",
        input: `network ${id} + fix${id}(), measured at initialization and over its first training steps`,
        expected: CAUSE_GONE,
        actual: (s) => fixOf(s),
        measure: (fix) => causeAfterFix(id, fix),
        matches: (a) => a === CAUSE_GONE,
        hint: text.measuredHint,
      },
      ...accuracyCase(`the fixed network reaches ${BUDGET.accuracy * 100}% on held-out points`, PUBLIC_RUNS),
    ],
    hidden: accuracyCase(`the fixed network reaches ${BUDGET.accuracy * 100}% with other seeds and other data`, HIDDEN_RUNS),
    wrong,
  });
}

// Known-wrong answers. Each is a mistake a learner makes: the right fix with the wrong name, the
// symptom named instead of the cause, a change that does not reach the cause (a learning rate,
// more steps, another seed), a partial remedy, every remedy at once, the right remedy plus a change
// the cause does not need, a remedy that trains only on lucky seeds, an answer of the wrong type.

/** Every option changed at once, the same for every network: it trains all five, and names no cause. */
const EVERYTHING = { activation: "relu", init: "he", biasInit: "zeros", norm: "batch", residual: true, lr: 0.01, clipNorm: 1 } as const;
const solution = <Id extends NetworkId>(id: Id, diagnosis: string, fix: () => unknown): Solution<Id> =>
  ({ [`diagnosis${id}`]: diagnosis, [`fix${id}`]: fix }) as Solution<Id>;

export const diagnoseNetworkA = networkExercise("A", [
  { mistake: "the right fix with the wrong name: 'saturated' (A's units are not saturated)", solution: solution("A", "saturated", () => ({ activation: "relu", init: "he" })) },
  { mistake: "'initScale': the activations keep their size, only the gradient shrinks", solution: solution("A", "initScale", () => ({ activation: "relu", init: "he" })) },
  { mistake: "a larger learning rate: every layer's step grows alike", solution: solution("A", "vanishing", () => ({ lr: 0.05 })) },
  { mistake: "Glorot weights and zero biases, but still sigmoid: the slope stays at most 1/4", solution: solution("A", "vanishing", () => ({ init: "glorot", biasInit: "zeros" })) },
  { mistake: "more steps: not an option of the fix", solution: solution("A", "vanishing", () => ({ steps: 3000 })) },
  { mistake: "an async answer", solution: solution("A", "vanishing", async () => ({ activation: "relu", init: "he" })) },
  { mistake: "the name with a capital: 'Vanishing'", solution: solution("A", "Vanishing", () => ({ activation: "relu", init: "he" })) },
  { mistake: "the name with a space after it: 'vanishing '", solution: solution("A", "vanishing ", () => ({ activation: "relu", init: "he" })) },
  { mistake: "every remedy at once (ReLU, He, zero biases, batch norm, residual connections): it trains, and says nothing about which one was needed", solution: solution("A", "vanishing", () => ({ activation: "relu", init: "he", biasInit: "zeros", norm: "batch", residual: true })) },
  { mistake: "the right remedy plus a larger learning rate the cause did not ask for", solution: solution("A", "vanishing", () => ({ activation: "relu", init: "he", lr: 0.05 })) },
  { mistake: "residual connections around the sigmoid layers: the gradient reaches layer 1, but 300 steps reach 90% only on some seeds (seeds 1 and 2 do)", solution: solution("A", "vanishing", () => ({ residual: true })), caughtBy: "hidden" },
]);

export const diagnoseNetworkB = networkExercise("B", [
  { mistake: "the symptom named: 'vanishing' (the gradient is exactly 0 because the units are off)", solution: solution("B", "vanishing", () => ({ biasInit: "zeros" })) },
  { mistake: "leaky ReLU but the bias of -5 kept: 0.01 per layer passes almost nothing", solution: solution("B", "dead", () => ({ activation: "leakyRelu" })) },
  { mistake: "a larger learning rate: a zero gradient stays zero", solution: solution("B", "dead", () => ({ lr: 0.1 })) },
  { mistake: "another seed: not an option of the fix", solution: solution("B", "dead", () => ({ seed: 7 })) },
  { mistake: "a smaller negative bias (-1): most units stay off", solution: solution("B", "dead", () => ({ biasInit: constant(-1) })) },
  { mistake: "the options as a list of pairs instead of an object", solution: solution("B", "dead", () => [["biasInit", "zeros"]]) },
  { mistake: "the same fix for every network: every option changed, clipping included", solution: solution("B", "dead", () => ({ ...EVERYTHING })) },
  { mistake: "zero biases and, to be safe, a smaller learning rate the cause did not ask for", solution: solution("B", "dead", () => ({ biasInit: "zeros", lr: 0.001 })) },
]);

export const diagnoseNetworkC = networkExercise("C", [
  { mistake: "the symptom named: 'exploding' (the run never overflows; the units are stuck at ±1)", solution: solution("C", "exploding", () => ({ init: "glorot" })) },
  { mistake: "clipping: it shortens the step, the pre-activations stay huge", solution: solution("C", "saturated", () => ({ clipNorm: 1 })) },
  { mistake: "a smaller learning rate", solution: solution("C", "saturated", () => ({ lr: 0.001 })) },
  { mistake: "residual connections around saturated units", solution: solution("C", "saturated", () => ({ residual: true })) },
  { mistake: "N(0, 1) weights: five times smaller, still too large for tanh (a layer stays over half saturated)", solution: solution("C", "saturated", () => ({ init: "normal" })) },
  { mistake: "returns the initializer's name instead of an object", solution: solution("C", "saturated", () => "glorot") },
  { mistake: "Glorot and, following the exploding-gradient warning too, clipping: the symptom treated as well", solution: solution("C", "saturated", () => ({ init: "glorot", clipNorm: 1 })) },
  { mistake: "Glorot, batch norm and ReLU at once", solution: solution("C", "saturated", () => ({ init: "glorot", norm: "batch", activation: "relu" })) },
]);

export const diagnoseNetworkD = networkExercise("D", [
  { mistake: "the symptom named: 'exploding' (the gradient explodes because the steps are far too long)", solution: solution("D", "exploding", () => ({ lr: 0.1 })) },
  { mistake: "what the run left behind named: 'dead'", solution: solution("D", "dead", () => ({ lr: 0.1 })) },
  { mistake: "clipping at 1 with lr 20: each step is still up to 20 long", solution: solution("D", "learningRate", () => ({ clipNorm: 1 })) },
  { mistake: "the doctor's first guess taken as final: a tenth of the learning rate is still too much", solution: solution("D", "learningRate", () => ({ lr: 2 })) },
  { mistake: "batch norm: D's architecture was never the problem", solution: solution("D", "learningRate", () => ({ norm: "batch" })) },
  { mistake: "overcorrected: lr 0.01 with plain SGD is too slow for 300 steps", solution: solution("D", "learningRate", () => ({ lr: 0.01 })) },
  { mistake: "switches to Adam: the optimizer is fixed by the assignment", solution: solution("D", "learningRate", () => ({ optimizer: "adam", lr: 0.01 })) },
  { mistake: "the name written as two words: 'learning rate'", solution: solution("D", "learning rate", () => ({ lr: 0.2 })) },
  { mistake: "a smaller learning rate and batch norm: D's architecture was never the problem", solution: solution("D", "learningRate", () => ({ lr: 0.2, norm: "batch" })) },
  { mistake: "the same fix for every network: every option changed, a small learning rate among them", solution: solution("D", "learningRate", () => ({ ...EVERYTHING })) },
  { mistake: "an async fixD: a Promise, not the object", solution: solution("D", "learningRate", async () => ({ lr: 0.2 })) },
]);

export const diagnoseNetworkE = networkExercise("E", [
  { mistake: "the symptom named: 'vanishing' (the gradient inherits the shrinking signal)", solution: solution("E", "vanishing", () => ({ init: "he" })) },
  { mistake: "a larger learning rate", solution: solution("E", "initScale", () => ({ lr: 0.1 })) },
  { mistake: "leaky ReLU with the tiny weights kept", solution: solution("E", "initScale", () => ({ activation: "leakyRelu" })) },
  { mistake: "null instead of an object", solution: solution("E", "initScale", () => null) },
  { mistake: "N(0, 1) weights: overshoots, the signal now grows about 2.8 times per layer", solution: solution("E", "initScale", () => ({ init: "normal" })) },
  { mistake: "the name in lower case: 'initscale'", solution: solution("E", "initscale", () => ({ init: "he" })) },
  { mistake: "He and, following the doctor's learning-rate warning too, a tenth of the learning rate: a symptom of the small weights treated as well", solution: solution("E", "initScale", () => ({ init: "he", lr: 0.001 })) },
  { mistake: "He, batch norm and residual connections at once", solution: solution("E", "initScale", () => ({ init: "he", norm: "batch", residual: true })) },
]);

/** The lesson's exercises, for its check cells: `await lesson.check("diagnose-network-a", { diagnosisA: diagnosisA, fixA: fixA })`. */
export const lesson = defineLesson({
  "diagnose-network-a": diagnoseNetworkA,
  "diagnose-network-b": diagnoseNetworkB,
  "diagnose-network-c": diagnoseNetworkC,
  "diagnose-network-d": diagnoseNetworkD,
  "diagnose-network-e": diagnoseNetworkE,
});
