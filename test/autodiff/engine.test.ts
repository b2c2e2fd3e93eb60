import { describe, expect, it } from "vitest";
import { backward, isGradEnabled, noGrad, topologicalOrder } from "../../src/autodiff/engine.js";
import * as ops from "../../src/ops/index.js";
import { tensor } from "../../src/tensor/tensor.js";

const leaf = (values: number[]) => tensor(values, undefined, { requiresGrad: true });

describe("backward", () => {
  it("a value used twice gets the sum of both paths: d(a·a + a)/da = 2a + 1", () => {
    const a = leaf([3, -2]);
    backward(ops.sum(ops.add(ops.mul(a, a), a)));
    expect(a.grad!.toList()).toEqual([7, -3]);
  });

  it("a diamond: both branches of a shared intermediate add up", () => {
    const x = leaf([0.5]);
    const h = ops.tanh(x); // used by two branches
    const y = ops.add(ops.mul(h, 3), ops.square(h));
    backward(y);
    const t = Math.tanh(0.5);
    expect(x.grad!.item()).toBeCloseTo((3 + 2 * t) * (1 - t * t), 15);
  });

  it("leaves accumulate across backward calls; intermediates start fresh each pass", () => {
    const w = leaf([2]);
    let z = ops.mul(w, 5);
    backward(ops.square(z)); // d(25 w²)/dw = 50 w = 100
    expect(w.grad!.item()).toBe(100);
    z = ops.mul(w, 5);
    const loss = ops.square(z);
    backward(loss);
    expect(w.grad!.item()).toBe(200); // accumulated, until an optimizer's zeroGrad
    expect(z.grad!.item()).toBe(20); // 2 z, this pass only
  });

  it("fills .grad of every intermediate that requires a gradient", () => {
    const x = leaf([1, 2]);
    const z = ops.scale(x, 3);
    const h = ops.square(z);
    const loss = ops.sum(h);
    backward(loss);
    expect(loss.grad!.item()).toBe(1);
    expect(h.grad!.toList()).toEqual([1, 1]);
    expect(z.grad!.toList()).toEqual([6, 12]); // 2 z
    expect(x.grad!.toList()).toEqual([18, 36]);
  });

  it("constants get no gradient", () => {
    const c = tensor([4]);
    const x = leaf([1]);
    backward(ops.mul(c, x));
    expect(c.grad).toBeNull();
    expect(x.grad!.item()).toBe(4);
  });

  it("a seed gradient replaces the default ones", () => {
    const x = leaf([1, 2, 3]);
    backward(ops.scale(x, 2), { seed: Float64Array.of(1, 10, 100) });
    expect(x.grad!.toList()).toEqual([2, 20, 200]);
  });

  it("backward through a released graph gives the clear error; retainGraph allows it", () => {
    const x = leaf([2]);
    const y = ops.square(ops.mul(x, 3));
    backward(y);
    expect(() => backward(y)).toThrow(/backward: the graph through 'square' was already released.*retainGraph: true/);
    const x2 = leaf([2]);
    const y2 = ops.square(ops.mul(x2, 3));
    backward(y2, { retainGraph: true });
    backward(y2);
    expect(x2.grad!.item()).toBe(2 * 36); // d(9x²)/dx = 36 at x = 2, accumulated twice
  });

  it("backward on something without a gradient says why", () => {
    expect(() => backward(tensor([1]))).toThrow(/backward: this tensor does not depend on anything that requires a gradient/);
  });

  it("a 20,000-op chain neither overflows the stack nor loses the gradient", () => {
    const x = leaf([1]);
    let h = x;
    for (let i = 0; i < 20000; i++) h = ops.add(h, 0.001);
    expect(topologicalOrder(h).length).toBe(20001);
    backward(h);
    expect(x.grad!.item()).toBe(1);
  });
});

describe("noGrad", () => {
  it("records nothing inside, and restores the mode afterwards (even after a throw)", () => {
    const x = leaf([1]);
    const y = noGrad(() => ops.mul(x, 2));
    expect(y.requiresGrad).toBe(false);
    expect(y.node).toBeNull();
    expect(isGradEnabled()).toBe(true);
    expect(() => noGrad(() => { throw new Error("boom"); })).toThrow("boom");
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      noGrad(() => undefined);
      expect(isGradEnabled()).toBe(false); // nested: still off in the outer block
    });
    expect(ops.mul(x, 2).node).not.toBeNull();
  });
});
