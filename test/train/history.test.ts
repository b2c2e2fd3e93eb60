import { describe, expect, it } from "vitest";
import { History } from "../../src/train/history.js";

describe("History", () => {
  it("keeps tidy rows and answers per metric", () => {
    const h = new History();
    h.add(0, "loss", 2);
    h.add(0, "accuracy", 0.5);
    h.add(1, "loss", 1);
    h.steps = 2;
    expect(h.rows).toEqual([
      { step: 0, metric: "loss", value: 2 },
      { step: 0, metric: "accuracy", value: 0.5 },
      { step: 1, metric: "loss", value: 1 },
    ]);
    expect(h.values("loss")).toEqual([2, 1]);
    expect(h.metric("accuracy")).toEqual([{ step: 0, metric: "accuracy", value: 0.5 }]);
    expect(h.last("loss")).toBe(1);
    expect(h.last("testLoss")).toBeUndefined();
    expect(h.metrics()).toEqual(["loss", "accuracy"]);
    expect(String(h)).toBe("History: 2 steps; last loss 1, accuracy 0.5");
  });

  it("curves: wide rows per run for a loss chart", () => {
    const h = new History();
    for (const step of [0, 1, 2]) h.add(step, "loss", 3 - step);
    h.add(0, "trainLoss", 2.5);
    h.add(0, "accuracy", 0.4);
    h.add(2, "trainLoss", 1.5);
    h.add(2, "accuracy", 0.8);
    h.add(2, "testLoss", 1.7);
    h.add(2, "testAccuracy", 0.7);
    expect(h.curves()).toEqual([
      { step: 0, loss: 2.5, accuracy: 0.4, run: "train" },
      { step: 2, loss: 1.5, accuracy: 0.8, run: "train" },
      { step: 2, loss: 1.7, accuracy: 0.7, run: "test" },
    ]);
    expect(h.curves({ name: "deep", batchLoss: true }).map((r) => r.run)).toEqual([
      "deep (batch)", "deep (batch)", "deep (batch)", "deep", "deep", "deep (test)",
    ]);
  });
});
