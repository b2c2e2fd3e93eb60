import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { clipGradNorm, clipGradValue, globalGradNorm } from "../../src/optim/clip.js";
import { SGD } from "../../src/optim/sgd.js";
import { tensor } from "../../src/tensor/tensor.js";

const withGrad = (g: number[]) => {
  const t = tensor(g.map(() => 0), undefined, { requiresGrad: true });
  t.grad = tensor(g);
  return t;
};

describe("clipGradNorm", () => {
  it("uses the global norm over all tensors, not each tensor's own", () => {
    // g1 = (3, 0), g2 = (0, 4): global norm 5; with θ = 1 both scale by 1/5.
    // Clipping each tensor separately would give (1, 0) and (0, 1) instead.
    const a = withGrad([3, 0]);
    const b = withGrad([0, 4]);
    expect(clipGradNorm([a, b], 1)).toBe(5);
    expect(a.grad!.toList()).toEqual([0.6, 0].map((x) => expect.closeTo(x, 15)));
    expect(b.grad!.toList()).toEqual([0, 0.8].map((x) => expect.closeTo(x, 15)));
  });

  it("gets the true norm of huge and tiny gradients (a plain sum of squares over- or underflows) and clips them", () => {
    // (3e200, 4e200): the squares overflow to Infinity, yet the norm is 5e200.
    expect(globalGradNorm([withGrad([3e200, 4e200])])).toBeCloseTo(5e200, -186);
    expect(globalGradNorm([withGrad([3e200]), withGrad([-4e200])]) / 5e200).toBeCloseTo(1, 14);
    expect(globalGradNorm([withGrad([3e-200, 4e-200])]) / 5e-200).toBeCloseTo(1, 14);
    const a = withGrad([3e200, 0]);
    const b = withGrad([0, -4e200]);
    expect(clipGradNorm([a, b], 1) / 5e200).toBeCloseTo(1, 14);
    expect(a.grad!.toList()[0]).toBeCloseTo(0.6, 14);
    expect(b.grad!.toList()[1]).toBeCloseTo(-0.8, 14);
    // Finite entries whose norm is beyond the largest double still clip to θ.
    const big = withGrad([1.5e308, 1.5e308]);
    expect(clipGradNorm([big], 2)).toBe(Infinity);
    expect(big.grad!.toList().map((v) => v / Math.SQRT2)).toEqual([expect.closeTo(1, 14), expect.closeTo(1, 14)]);
    // An infinite or NaN entry is reported, never rescaled.
    const inf = withGrad([Infinity, 1]);
    expect(clipGradNorm([inf], 1)).toBe(Infinity);
    expect(inf.grad!.toList()).toEqual([Infinity, 1]);
    const nan = withGrad([NaN, 1e200]);
    expect(clipGradNorm([nan], 1)).toBeNaN();
    expect(nan.grad!.toList()[1]).toBe(1e200);
  });

  it("leaves gradients under the threshold alone", () => {
    const a = withGrad([0.3, -0.4]);
    expect(clipGradNorm([a], 1)).toBeCloseTo(0.5, 15);
    expect(a.grad!.toList()).toEqual([0.3, -0.4]);
  });

  it("property: after clipping the norm is min(θ, ||g||) and the direction is kept", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (grads, maxNorm) => {
          const params = grads.map(withGrad);
          const flat = grads.flat();
          const before = Math.hypot(...flat);
          expect(clipGradNorm(params, maxNorm)).toBeCloseTo(before, 9);
          const after = params.flatMap((p) => p.grad!.toList());
          expect(Math.hypot(...after)).toBeCloseTo(Math.min(before, maxNorm), 9);
          const factor = before > maxNorm ? maxNorm / before : 1;
          after.forEach((x, i) => expect(x).toBeCloseTo(flat[i] * factor, 9));
        },
      ),
      { numRuns: 100 },
    );
  });

  it("ignores parameters without a gradient and rejects a bad threshold", () => {
    const a = withGrad([3, 4]);
    const b = tensor([1], undefined, { requiresGrad: true });
    expect(globalGradNorm([a, b])).toBe(5);
    expect(() => clipGradNorm([a], 0)).toThrow(/maxNorm must be a positive finite number/);
    expect(() => clipGradNorm([a], NaN)).toThrow(/maxNorm/);
  });
});

describe("clipGradValue", () => {
  it("clamps each value into [-v, v] and counts the clamped ones", () => {
    const a = withGrad([3, -0.2, -7, 0.5]);
    expect(clipGradValue([a], 0.5)).toBe(2);
    expect(a.grad!.toList()).toEqual([0.5, -0.2, -0.5, 0.5]);
  });
});

describe("optimizers clip before updating", () => {
  it("SGD with clipNorm 1 moves by lr along the unit gradient direction", () => {
    const theta = tensor([0, 0], undefined, { requiresGrad: true });
    const opt = new SGD([theta], { lr: 0.1, clipNorm: 1 });
    theta.grad = tensor([30, 40]);
    opt.step();
    expect(theta.toList()).toEqual([-0.06, -0.08].map((x) => expect.closeTo(x, 15)));
    expect(opt.lastGradNorm).toBe(50); // measured before clipping
  });
  it("SGD with clipValue", () => {
    const theta = tensor([0, 0], undefined, { requiresGrad: true });
    const opt = new SGD([theta], { lr: 1, clipValue: 2 });
    theta.grad = tensor([30, -1]);
    opt.step();
    expect(theta.toList()).toEqual([-2, 1]);
  });
});
