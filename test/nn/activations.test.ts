import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backward } from "../../src/autodiff/engine.js";
import { activate, activationNames, activations, getActivation, LEAKY_SLOPE } from "../../src/nn/activations.js";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/tensor.js";
import { checkOp, runs, seedArb, shapeArb } from "../ops/check-op.js";

// Inputs stay away from 0, where relu, leakyRelu and elu have kinks (no derivative to check).
const xArb = fc.double({ min: 0.05, max: 6, noNaN: true }).chain((m) => fc.constantFrom(m, -m));

function relErr(a: number, b: number): number {
  const diff = Math.abs(a - b);
  return diff < 1e-12 ? 0 : diff / (Math.abs(a) + Math.abs(b));
}

describe("activations: plain functions", () => {
  for (const name of activationNames) {
    const { f, df, dfxy } = activations[name];
    it(`${name}: df matches a central difference of f, and dfxy(x, f(x)) = df(x)`, () => {
      fc.assert(fc.property(xArb, (x) => {
        const h = 1e-5;
        const numeric = (f(x + h) - f(x - h)) / (2 * h);
        expect(relErr(df(x), numeric)).toBeLessThan(1e-6);
        expect(relErr(dfxy(x, f(x)), df(x))).toBeLessThan(1e-12);
      }), { numRuns: 100 });
    });
  }

  it("sigma'(0) = 1/4, and it is the maximum of sigma' (dense grid on [-10, 10])", () => {
    const { df } = activations.sigmoid;
    expect(df(0)).toBe(0.25);
    let max = -Infinity, argmax = NaN;
    for (let i = -10000; i <= 10000; i++) {
      const x = i / 1000;
      if (df(x) > max) [max, argmax] = [df(x), x];
    }
    expect(max).toBe(0.25);
    expect(argmax).toBe(0);
  });

  it("tanh'(0) = 1 is the maximum of tanh', and tanh'(x) = 4 sigma'(2x)", () => {
    expect(activations.tanh.df(0)).toBe(1);
    for (let i = -5000; i <= 5000; i++) {
      const x = i / 500;
      expect(activations.tanh.df(x)).toBeLessThanOrEqual(1);
      expect(activations.tanh.df(x)).toBeCloseTo(4 * activations.sigmoid.df(2 * x), 12);
    }
  });

  it("sigmoid and softplus stay finite for large |x|", () => {
    for (const x of [-800, -40, 40, 800]) {
      expect(Number.isFinite(activations.sigmoid.f(x))).toBe(true);
      expect(Number.isFinite(activations.softplus.f(x))).toBe(true);
    }
    expect(activations.softplus.f(800)).toBe(800);
  });

  it("kinks take the left-hand slope: relu'(0) = 0, leakyRelu'(0) = its slope, at +0 and -0; elu'(0) = 1", () => {
    for (const zero of [0, -0]) {
      expect(activations.relu.df(zero)).toBe(0);
      expect(activations.relu.dfxy(zero, activations.relu.f(zero))).toBe(0);
      expect(activations.leakyRelu.df(zero)).toBe(LEAKY_SLOPE);
      expect(activations.leakyRelu.dfxy(zero, activations.leakyRelu.f(zero))).toBe(LEAKY_SLOPE);
      expect(activations.elu.df(zero)).toBe(1);
      expect(Object.is(activations.relu.f(zero), 0)).toBe(true); // +0, not -0
    }
    // On either side of the kink, however close: exactly 1 and exactly the slope.
    for (const tiny of [Number.MIN_VALUE, 1e-300, 1e-12]) {
      expect([activations.relu.df(tiny), activations.relu.df(-tiny)]).toEqual([1, 0]);
      expect([activations.leakyRelu.df(tiny), activations.leakyRelu.df(-tiny)]).toEqual([1, LEAKY_SLOPE]);
    }
    expect([activations.relu.df(Infinity), activations.relu.df(-Infinity)]).toEqual([1, 0]);
  });

  it("NaN passes through every activation and its derivative (identity's derivative is the constant 1)", () => {
    for (const name of activationNames) {
      const { f, df, dfxy } = activations[name];
      expect(f(NaN), name).toBeNaN();
      if (name === "identity") continue;
      expect(df(NaN), name).toBeNaN();
      expect(dfxy(NaN, f(NaN)), name).toBeNaN();
    }
  });

  it("an unknown name lists the valid ones", () => {
    expect(() => getActivation("sigmoidd")).toThrow(/unknown activation 'sigmoidd'; choose one of: sigmoid, tanh, relu/);
    expect(() => activate(tensor([1]), "swish")).toThrow(/unknown activation 'swish'/);
    // Names Object.prototype carries are not activations (they were once accepted, silently).
    for (const name of ["__proto__", "toString", "constructor", "hasOwnProperty"]) expect(() => getActivation(name), name).toThrow(/unknown activation/);
  });
});

describe("activations: tensor ops", () => {
  for (const name of activationNames) {
    const { f } = activations[name];
    it(`${name}: values and gradients on random shapes`, () => {
      fc.assert(fc.property(shapeArb, seedArb, (s, seed) => {
        checkOp([s], (a) => activate(a, name), { seed, range: [-4, 4], awayFromZero: 0.05, reference: (a) => Array.from(a, f) });
      }), runs);
    });
  }

  it("a NaN entry stays NaN forward and backward, in every op (relu's own loops too)", () => {
    for (const name of activationNames) {
      const x = tensor([NaN, -1.5, 0, 2], undefined, { requiresGrad: true });
      const y = activate(x, name);
      expect(Number.isNaN(y.data[0]), name).toBe(true);
      expect(Array.from(y.data.slice(1)), name).toEqual([-1.5, 0, 2].map(activations[name].f));
      backward(ops.sum(y));
      if (name !== "identity") expect(Number.isNaN(x.grad!.data[0]), name).toBe(true);
      expect(Array.from(x.grad!.data.slice(1)), name).toEqual([-1.5, 0, 2].map((v) => activations[name].dfxy(v, activations[name].f(v))));
    }
    const r = tensor([-2, -0, 0, 3], undefined, { requiresGrad: true });
    backward(ops.sum(ops.relu(r)));
    expect(Array.from(r.grad!.data)).toEqual([0, 0, 0, 1]);
  });

  it("the named exports are the same ops", () => {
    const x = tensor([-1.5, -0.3, 0.7, 2]);
    for (const [op, name] of [[ops.sigmoid, "sigmoid"], [ops.tanh, "tanh"], [ops.relu, "relu"], [ops.leakyRelu, "leakyRelu"], [ops.elu, "elu"], [ops.gelu, "gelu"], [ops.softplus, "softplus"]] as const) {
      expect(op(x).toList()).toEqual(activate(x, name).toList());
    }
  });

  it("a chain of one-unit sigmoid layers: dh_L/dx = prod_k w_k sigma'(z_k)", () => {
    const depthArb = fc.integer({ min: 1, max: 12 });
    const wArb = fc.double({ min: -3, max: 3, noNaN: true });
    fc.assert(fc.property(depthArb.chain((L) => fc.tuple(fc.array(wArb, { minLength: L, maxLength: L }), fc.array(wArb, { minLength: L, maxLength: L }))), wArb, ([w, b], x0) => {
      // By hand: z_k = w_k h_{k-1} + b_k, h_k = σ(z_k), and the chain rule's product.
      const sigma = (z: number) => 1 / (1 + Math.exp(-z));
      let h = x0, product = 1;
      for (let k = 0; k < w.length; k++) {
        const z = w[k] * h + b[k];
        h = sigma(z);
        product *= w[k] * sigma(z) * (1 - sigma(z));
      }
      // Through the library: 1x1 linear maps and sigmoid ops.
      const x = tensor([[x0]], undefined, { requiresGrad: true });
      let t = x;
      for (let k = 0; k < w.length; k++) t = ops.sigmoid(ops.linear(t, tensor([[w[k]]]), tensor([b[k]])));
      backward(t);
      expect(t.item()).toBeCloseTo(h, 14);
      expect(relErr(x.grad!.item(), product)).toBeLessThan(1e-12);
    }), { numRuns: 100 });
  });
});
