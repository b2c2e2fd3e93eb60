/**
 * What every recurrent layer shares: the weights' layout, input checks, and the unrolled loop.
 *
 * 1. Project every input at once: X (T, B, F) viewed as (T·B, F), times W_xᵀ, plus b, gives the
 *    input half of every gate's pre-activation for every step in one matmul (T·B, G·H).
 * 2. Walk t = 1..T: each cell's `step` adds h_{t-1} · W_hᵀ (one matmul for all gates) and applies
 *    its gates. With `truncate: k`, the state is detached every k steps (truncated BPTT: no
 *    gradient crosses those boundaries).
 * 3. Keep every step's tensors (h_t, c_t, gates) in `steps`: they stay in the graph, so after
 *    `backward` their `.grad` holds dL/dh_t, dL/dc_t: the gradients through time.
 * Backpropagation through time is nothing special: the ordinary backward over the unrolled graph.
 */

import { linear } from "../../ops/matmul.js";
import { reshape } from "../../ops/reshape.js";
import { describeNonTensor, LibraryError, messages } from "../../messages.js";
import { toRng, type Rng } from "../../random/rng.js";
import { sameShape } from "../../tensor/shape.js";
import { assertFinite, isTensorLike, Tensor, zeros } from "../../tensor/tensor.js";
import { Module } from "../module.js";
import { initGateMatrix, type RecurrentInit } from "./init.js";
import { stackSteps } from "./steps.js";

/** Options every recurrent layer takes. */
export interface RecurrentOptions {
  /** Features per time step (F in X (T, B, F)). */
  inputs: number;
  /** Size of the hidden state h_t (H). */
  hidden: number;
  /** Seed or generator for the initial weights. */
  seed?: number | Rng;
  /** Input weights W_x: default "glorotUniform" (Glorot & Bengio 2010), the Keras default. */
  init?: RecurrentInit;
  /** Recurrent weights W_h: default "orthogonal" (Saxe et al. 2014), the Keras default. */
  recurrentInit?: RecurrentInit;
  /** Scale of the orthogonal recurrent matrix (default 1). */
  gain?: number;
  /** Diagonal of the "identity" recurrent init (IRNN, Le et al. 2015); default 1. */
  identityScale?: number;
  /**
   * Truncated backpropagation through time: detach the state every `truncate` steps, so no
   * gradient flows further back than that (Williams & Peng 1990). Default: full BPTT.
   */
  truncate?: number;
}

/** The state carried from one step to the next: h_t, and for the LSTM the cell state c_t. */
export interface RecurrentState {
  h: Tensor; // (B, H)
  c?: Tensor; // (B, H), LSTM only
}

/** What one time step produced, kept from the last forward pass for diagnostics. */
export interface RecurrentStep {
  /** The time step, 1..T (h_0 is the initial state). */
  t: number;
  /** h_t (B, H); after backward, `.grad` is dL/dh_t. */
  h: Tensor;
  /** LSTM: c_t (B, H); after backward, `.grad` is dL/dc_t. */
  c?: Tensor;
  /**
   * Gate values (B, G·H) after their nonlinearities, as plain values (no graph):
   * LSTM [i | f | g | o] (computed from the pre-activations when read), GRU [r | z | n].
   */
  gates?: Tensor;
  /** The step's pre-activation: RNN z_t; LSTM the gates' (B, 4H); GRU the recurrent half (B, 3H). */
  preActivation: Tensor;
}

export abstract class RecurrentLayer extends Module {
  readonly inputs: number;
  readonly hidden: number;
  /** W_x (G·H, F): gate k's weights from the input are rows k·H .. (k+1)·H - 1. */
  readonly inputWeight: Tensor;
  /** W_h (G·H, H): the recurrent matrix, stacked the same way. */
  readonly recurrentWeight: Tensor;
  /** b (G·H). */
  readonly bias: Tensor;
  readonly truncate: number | undefined;
  /** Every step of the last forward pass, t = 1..T. */
  steps: RecurrentStep[] = [];
  /** The final state of the last forward pass (pass it as the next call's initial state). */
  state: RecurrentState | null = null;

  /**
   * @param kind the layer's name in messages: "RNN", "LSTM", "GRU"
   * @param gates G, the number of gate blocks stacked in the weights (RNN 1, LSTM 4, GRU 3)
   * @param withCell whether the state has a cell c_t besides h_t (the LSTM)
   */
  protected constructor(
    protected readonly kind: string,
    options: RecurrentOptions,
    gates: number,
    private readonly withCell = false,
  ) {
    super();
    checkPositiveInteger(`${kind}: inputs`, options.inputs);
    checkPositiveInteger(`${kind}: hidden`, options.hidden);
    if (options.truncate !== undefined) checkPositiveInteger(`${kind}: truncate`, options.truncate);
    const rng = toRng(options.seed);
    this.inputs = options.inputs;
    this.hidden = options.hidden;
    this.truncate = options.truncate;
    const H = options.hidden;
    const initOptions = { gain: options.gain, identityScale: options.identityScale };
    const wx = initGateMatrix(options.init ?? "glorotUniform", gates, H, options.inputs, rng, initOptions);
    const wh = initGateMatrix(options.recurrentInit ?? "orthogonal", gates, H, H, rng, initOptions);
    this.inputWeight = this.addParameter("inputWeight", new Tensor(wx, [gates * H, options.inputs]));
    this.recurrentWeight = this.addParameter("recurrentWeight", new Tensor(wh, [gates * H, H]));
    this.bias = this.addParameter("bias", zeros([gates * H]));
  }

  /**
   * One step, t = 0..T-1: from the input's share of the pre-activations, rows t·B .. (t+1)·B - 1
   * of XW (T·B, G·H), and the previous state.
   */
  protected abstract step(XW: Tensor, t: number, prev: RecurrentState): { state: RecurrentState; record: Omit<RecurrentStep, "t"> };

  /** The state at t = 0: the given h0 (and c0), checked, or zeros. */
  protected initialState(B: number, h0?: Tensor | null, c0?: Tensor | null): RecurrentState {
    const H = this.hidden;
    if (c0 && !this.withCell) throw new LibraryError(messages.recurrentNoCell(this.kind));
    for (const [name, s] of [["h0", h0], ["c0", c0]] as const) {
      if (s && !sameShape(s.shape, [B, H])) throw new LibraryError(messages.recurrentState(this.kind, name, [B, H], s.shape));
    }
    const h = h0 ?? zeros([B, H]);
    return this.withCell ? { h, c: c0 ?? zeros([B, H]) } : { h };
  }

  /**
   * Runs the layer over a batch of sequences X (T, B, F) from the initial state (zeros unless
   * given) and returns every step's output h_1..h_T as one tensor (T, B, H).
   * The final state is in `state`, every step's tensors in `steps`.
   * @example const out = new nn.LSTM({ inputs: 2, hidden: 16 }).forward(X);  // (T, B, 16)
   */
  override forward(X: Tensor, h0?: Tensor | null, c0?: Tensor | null): Tensor {
    if (!isTensorLike(X)) throw new LibraryError(messages.notATensor(this.kind, describeNonTensor(X)));
    if (X.rank !== 3) throw new LibraryError(messages.sequenceRank(this.kind, X.shape));
    const [T, B, F] = X.shape;
    if (F !== this.inputs) throw new LibraryError(messages.sequenceFeatures(this.kind, this.inputs, X.shape));
    assertFinite(this.kind, X);
    let state = this.initialState(B, h0, c0);
    // (T·B, G·H): the input's share of every gate at every step, in one matmul.
    const XW = linear(reshape(X, [T * B, F]), this.inputWeight, this.bias);
    this.steps = [];
    for (let t = 0; t < T; t++) {
      if (this.truncate !== undefined && t > 0 && t % this.truncate === 0) {
        state = state.c === undefined ? { h: state.h.detach() } : { h: state.h.detach(), c: state.c.detach() };
      }
      const out = this.step(XW, t, state);
      state = out.state;
      this.steps.push(Object.assign(out.record, { t: t + 1 }));
    }
    this.state = state;
    this.trace = this.steps.map((s) => ({ layer: `t${s.t}`, preActivation: s.preActivation, activation: s.h }));
    return stackSteps(this.steps.map((s) => s.h));
  }
}

function checkPositiveInteger(what: string, value: unknown): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new LibraryError(messages.positiveInteger(what, value));
  }
}

/** A gate's initial bias (the LSTM's forgetBias, the GRU's updateBias): any finite number. */
export function checkGateBias(what: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new LibraryError(messages.gateBias(what, value));
  return value;
}
