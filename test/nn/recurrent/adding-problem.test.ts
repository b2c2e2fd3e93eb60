/**
 * The adding-problem reproduction the course cites: scripts/adding-problem.ts writes
 * content/results/adding-problem.json. This test checks the saved numbers meet the issue's
 * criteria and still come from the current code and configuration (it re-runs the first 100
 * training steps of both models and compares them with the saved learning curves).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fullConfig, resultsPath, runAddingProblem, type AddingResults } from "../../../scripts/adding-problem.js";

const saved = JSON.parse(readFileSync(resultsPath, "utf8")) as AddingResults;
const stale = "content/results/adding-problem.json no longer matches the code: run `npm run repro:adding` and commit the file";

describe("adding problem at T = 50 (Hochreiter & Schmidhuber 1997): LSTM vs tanh RNN, equal budgets", () => {
  it("was produced with the script's current configuration", () => {
    expect(saved.config, stale).toEqual(fullConfig);
    expect(saved.config.T).toBe(50);
  });

  it("the LSTM solves at least 90% of held-out sequences (|error| < 0.04)", () => {
    expect(saved.lstm.solved).toBeGreaterThanOrEqual(0.9);
  });

  it("the tanh RNN stays near the baseline that always predicts the mean 0.5", () => {
    expect(Math.abs(saved.rnn.solved - saved.baseline.solved)).toBeLessThan(0.05);
    expect(saved.rnn.testMse).toBeGreaterThan(0.9 * saved.baseline.testMse);
    // The baseline itself: about 15% (P(|X1 + X2| < 0.16) = 0.1536 for uniforms on [-1, 1]).
    expect(saved.baseline.solved).toBeGreaterThan(0.12);
    expect(saved.baseline.solved).toBeLessThan(0.19);
  });

  it("with forget bias 1 instead of 3, the same LSTM has not started learning within the budget", () => {
    expect(saved.lstmForgetBias1.solved).toBeLessThan(0.5);
  });

  it("re-running the first 100 steps reproduces the saved curves (deterministic, not stale)", () => {
    const rerun = runAddingProblem(fullConfig, 100);
    for (const model of ["rnn", "lstm", "lstmForgetBias1"] as const) {
      const [first] = rerun[model].curve;
      const expected = saved[model].curve[0];
      expect(first.step, stale).toBe(expected.step);
      expect(first.testMse, stale).toBeCloseTo(expected.testMse, 9);
      expect(first.solved, stale).toBe(expected.solved);
    }
  });
});
