/**
 * The doctor's thresholds, each with its reason. They are the course's rules of thumb made
 * explicit: a ratio of 1e-3 between layers, a factor 2 per layer, half of a layer's units.
 * Override any of them with `doctor(model, ds, { thresholds: { dead: 0.3 } })`.
 */

/** The thresholds (defaults in DEFAULT_THRESHOLDS). */
export interface DoctorThresholds {
  /**
   * Vanishing is critical when layer1's gradient is below this fraction of the output layer's
   * (1e-3): with plain SGD a layer's update is proportional to its gradient, so layer 1 then moves
   * in a thousand steps as far as the output layer in one.
   */
  vanishingRatio: number;
  /**
   * A warning when the fitted factor per layer (going back) is below this (0.5) and layer1 is below
   * a tenth of the output: halving per layer is 1e-3 after ten layers. Sigmoid's σ' <= 1/4 with
   * variance-preserving weights gives about 0.25 (lesson 03).
   */
  vanishingFactor: number;
  /** Exploding is critical above this ratio layer1/output (1e3), the mirror of vanishingRatio. */
  explodingRatio: number;
  /** A warning when the fitted factor per layer exceeds this (2) and layer1 is above ten times the output. */
  explodingFactor: number;
  /**
   * Saturated: more than this share (0.5) of a sigmoid or tanh layer's values sit where the
   * slope is below 0.03 (layerStats' rule: |tanh z| > 0.97, σ(z) outside [0.03, 0.97]); then most
   * of the gradient is cut at that layer. Critical above 0.9.
   */
  saturated: number;
  /**
   * Dead: more than this share (0.5) of a layer's units are flat for every probe example, so
   * their weights never get a gradient. Critical when a whole layer is dead: nothing reaches the
   * layers before it.
   */
  dead: number;
  /**
   * Bad initialization scale: the hidden layers' activation std changes by more than this factor
   * (2) per layer, fitted geometrically; critical when first to last hidden layer it changes by
   * more than vanishingRatio / explodingRatio. Variance-preserving inits keep it near 1 (lesson 07).
   */
  initScaleFactor: number;
  /**
   * Learning rate: a warning when a weight matrix's update:data ratio ‖ΔW‖/‖W‖ averages above
   * this (0.1) over the probe steps: each step rewrites a tenth of the weights (healthy runs sit
   * near 1e-3; Karpathy, makemore part 3).
   */
  updateToData: number;
  /**
   * Learning rate: the loss on the probe set after the steps over the loss before. Above this
   * (1.1, a rise of 10%) is a warning, above twice it critical; a NaN or infinity is critical.
   */
  lossRise: number;
  /**
   * Horizon: through time, ‖∂L/∂h_t‖ (for an LSTM the larger of it and ‖∂L/∂c_t‖) below this
   * fraction (1e-3) of the last step's: the loss then no longer teaches that step, like a layer
   * under vanishingRatio. Critical when this happens within the second half of the sequence.
   */
  horizon: number;
}

export const DEFAULT_THRESHOLDS: Readonly<DoctorThresholds> = Object.freeze({
  vanishingRatio: 1e-3,
  vanishingFactor: 0.5,
  explodingRatio: 1e3,
  explodingFactor: 2,
  saturated: 0.5,
  dead: 0.5,
  initScaleFactor: 2,
  updateToData: 0.1,
  lossRise: 1.1,
  horizon: 1e-3,
});
