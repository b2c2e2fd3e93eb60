import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { SGD } from "../../src/optim/sgd.js";
import { tensor, type Tensor } from "../../src/tensor/tensor.js";
import { LibraryError } from "../../src/messages.js";

/** Sets the gradient of L = Σ a_i θ_i² by hand: dL/dθ_i = 2 a_i θ_i (no autodiff involved). */
function quadraticGrad(theta: Tensor, a: number[]): void {
  theta.grad = tensor(theta.toList().map((t, i) => 2 * a[i] * t));
}

function run(options: ConstructorParameters<typeof SGD>[1], steps: number, start = [1], a = [1]): number[][] {
  const theta = tensor(start, undefined, { requiresGrad: true, name: "theta" });
  const opt = new SGD([theta], options);
  const out: number[][] = [];
  for (let s = 0; s < steps; s++) {
    opt.zeroGrad();
    quadraticGrad(theta, a);
    opt.step();
    out.push(theta.toList());
  }
  return out;
}

describe("SGD on L = θ² from θ = 1 (gradient 2θ), hand-computed", () => {
  it("plain: θ <- θ - lr · 2θ = 0.8θ", () => {
    const path = run({ lr: 0.1 }, 3);
    expect(path.map((p) => p[0])).toEqual([0.8, 0.8 * 0.8, 0.8 * 0.8 * 0.8].map((x) => expect.closeTo(x, 15)));
  });

  it("momentum 0.9: v = 2, 3.4, 3.98; θ = 0.8, 0.46, 0.062", () => {
    const path = run({ lr: 0.1, momentum: 0.9 }, 3).map((p) => p[0]);
    expect(path[0]).toBeCloseTo(0.8, 14);
    expect(path[1]).toBeCloseTo(0.46, 14);
    expect(path[2]).toBeCloseTo(0.062, 14);
  });

  it("Nesterov 0.9: d = g + 0.9 v; θ = 0.62, 0.2224", () => {
    // step 1: g = 2, v = 2, d = 2 + 1.8 = 3.8, θ = 1 - 0.38
    // step 2: g = 1.24, v = 1.8 + 1.24 = 3.04, d = 1.24 + 2.736 = 3.976, θ = 0.62 - 0.3976
    const path = run({ lr: 0.1, momentum: 0.9, nesterov: true }, 2).map((p) => p[0]);
    expect(path[0]).toBeCloseTo(0.62, 14);
    expect(path[1]).toBeCloseTo(0.2224, 14);
  });

  it("weight decay 0.1 adds 0.1θ to the gradient: θ = 0.79, 0.6241", () => {
    const path = run({ lr: 0.1, weightDecay: 0.1 }, 2).map((p) => p[0]);
    expect(path[0]).toBeCloseTo(0.79, 14);
    expect(path[1]).toBeCloseTo(0.6241, 14);
  });

  it("updates each coordinate with its own gradient (L = θ1² + 3 θ2²)", () => {
    const [p1] = run({ lr: 0.1 }, 1, [1, -2], [1, 3]);
    expect(p1[0]).toBeCloseTo(0.8, 14); // 1 - 0.1 · 2
    expect(p1[1]).toBeCloseTo(-0.8, 14); // -2 - 0.1 · (-12)
  });

  it("records ||Δθ|| of the last step (= lr ||g|| for plain SGD)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.double({ min: 1e-3, max: 1, noNaN: true }), (g, lr) => {
        const theta = tensor(g.map(() => 0.5), undefined, { requiresGrad: true });
        const opt = new SGD([theta], { lr });
        theta.grad = tensor(g);
        opt.step();
        const gnorm = Math.hypot(...g);
        expect(opt.lastUpdateNorm(theta)).toBeCloseTo(lr * gnorm, 10);
        expect(opt.lastGradNorm).toBeCloseTo(gnorm, 12);
      }),
      { numRuns: 50 },
    );
  });

  it("skips parameters without a gradient", () => {
    const a = tensor([1], undefined, { requiresGrad: true });
    const b = tensor([1], undefined, { requiresGrad: true });
    const opt = new SGD([a, b], { lr: 0.5 });
    a.grad = tensor([1]);
    opt.step();
    expect(a.toList()).toEqual([0.5]);
    expect(b.toList()).toEqual([1]);
    expect(opt.lastUpdateNorm(b)).toBe(0);
  });

  it("zeroGrad clears the gradients", () => {
    const a = tensor([1], undefined, { requiresGrad: true });
    const opt = new SGD([a], { lr: 0.5 });
    a.grad = tensor([1]);
    opt.zeroGrad();
    expect(a.grad).toBeNull();
  });
});

describe("SGD rejects bad settings with a clear message", () => {
  const p = () => [tensor([1], undefined, { requiresGrad: true })];
  it.each([-0.1, 0, NaN, Infinity])("lr = %s", (lr) => {
    expect(() => new SGD(p(), { lr })).toThrow(/learning rate must be a positive finite number/);
  });
  it("lr assigned later is checked too", () => {
    const opt = new SGD(p(), { lr: 0.1 });
    expect(() => (opt.lr = -1)).toThrow(LibraryError);
    opt.lr = 0.05;
    expect(opt.lr).toBe(0.05);
  });
  it.each([1, -0.1, 1.5, NaN])("momentum = %s", (momentum) => {
    expect(() => new SGD(p(), { lr: 0.1, momentum })).toThrow(/momentum must be a number in \[0, 1\)/);
  });
  it("nesterov without momentum", () => {
    expect(() => new SGD(p(), { lr: 0.1, nesterov: true })).toThrow(/needs momentum > 0/);
  });
  it("negative weight decay, empty or frozen parameters", () => {
    expect(() => new SGD(p(), { lr: 0.1, weightDecay: -1 })).toThrow(/weightDecay/);
    expect(() => new SGD([], { lr: 0.1 })).toThrow(/no parameters/);
    expect(() => new SGD([tensor([1], undefined, { name: "frozen" })], { lr: 0.1 })).toThrow(/'frozen' does not require a gradient/);
  });
});
