import { describe, expect, it } from "vitest";
import { Adam } from "../../src/optim/adam.js";
import { tensor } from "../../src/tensor/tensor.js";

/** Adam written out for one scalar, straight from Kingma & Ba (2015), Algorithm 1. */
function adamByHand(theta0: number, grad: (t: number) => number, steps: number, lr: number, wd = 0): number[] {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  let [theta, m, v] = [theta0, 0, 0];
  const out: number[] = [];
  for (let t = 1; t <= steps; t++) {
    const g = grad(theta);
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    const mHat = m / (1 - Math.pow(b1, t));
    const vHat = v / (1 - Math.pow(b2, t));
    theta = theta - lr * wd * theta - (lr * mHat) / (Math.sqrt(vHat) + eps);
    out.push(theta);
  }
  return out;
}

function runAdam(options: ConstructorParameters<typeof Adam>[1], steps: number): number[] {
  const theta = tensor([1], undefined, { requiresGrad: true });
  const opt = new Adam([theta], options);
  const out: number[] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    theta.grad = tensor([2 * theta.data[0]]); // L = θ²
    opt.step();
    out.push(theta.data[0]);
  }
  return out;
}

describe("Adam on L = θ² from θ = 1", () => {
  it("first step moves by lr exactly (bias correction makes m̂/√v̂ = g/|g| = 1)", () => {
    expect(runAdam({ lr: 0.1 }, 1)[0]).toBeCloseTo(0.9, 8);
  });

  it("second step: m = 0.36, v = 0.007236, θ ≈ 0.800412 (hand computation)", () => {
    // m̂ = 0.36 / 0.19 = 1.8947368, v̂ = 0.007236 / 0.001999 = 3.6198099, step = 0.1 · m̂ / √v̂
    const step2 = 0.1 * (0.36 / 0.19) / Math.sqrt(0.007236 / 0.001999);
    expect(runAdam({ lr: 0.1 }, 2)[1]).toBeCloseTo(0.9 - step2, 8);
    expect(0.9 - step2).toBeCloseTo(0.800412, 5);
  });

  it("matches Algorithm 1 of the paper over three steps", () => {
    const ours = runAdam({ lr: 0.05 }, 3);
    const ref = adamByHand(1, (t) => 2 * t, 3, 0.05);
    ours.forEach((x, i) => expect(x).toBeCloseTo(ref[i], 12));
  });

  it("decoupled weight decay (AdamW): θ <- θ(1 - lr λ) - lr m̂/(√v̂+ε)", () => {
    const ours = runAdam({ lr: 0.1, weightDecay: 0.1 }, 3);
    const ref = adamByHand(1, (t) => 2 * t, 3, 0.1, 0.1);
    expect(ours[0]).toBeCloseTo(0.89, 8);
    ours.forEach((x, i) => expect(x).toBeCloseTo(ref[i], 12));
  });

  it("coupled weight decay adds λθ to the gradient instead", () => {
    const ours = runAdam({ lr: 0.1, weightDecay: 0.1, decoupledWeightDecay: false }, 3);
    const ref = adamByHand(1, (t) => 2 * t + 0.1 * t, 3, 0.1);
    ours.forEach((x, i) => expect(x).toBeCloseTo(ref[i], 12));
  });

  it("records ||Δθ||: on the first step every value moves by lr, so ||Δθ|| = lr √n", () => {
    const theta = tensor([1, -2, 3, 0.5], undefined, { requiresGrad: true });
    const opt = new Adam([theta], { lr: 0.01 });
    theta.grad = tensor([0.3, -7, 2e-3, 40]);
    opt.step();
    expect(opt.lastUpdateNorm(theta)).toBeCloseTo(0.01 * Math.sqrt(4), 6); // |g| / (|g| + ε) is 1 - 5e-6 for g = 2e-3
    expect(theta.toList()).toEqual([0.99, -1.99, 2.99, 0.49].map((x) => expect.closeTo(x, 5)));
  });

  it("rejects bad betas and learning rates", () => {
    const p = [tensor([1], undefined, { requiresGrad: true })];
    expect(() => new Adam(p, { lr: 0.1, beta1: 1 })).toThrow(/beta1 must be a number in \[0, 1\)/);
    expect(() => new Adam(p, { lr: 0.1, beta2: -0.5 })).toThrow(/beta2/);
    expect(() => new Adam(p, { lr: -1e-3 })).toThrow(/learning rate/);
  });
});
