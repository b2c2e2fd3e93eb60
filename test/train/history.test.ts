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
});
