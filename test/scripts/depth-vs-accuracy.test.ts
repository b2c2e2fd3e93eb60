/**
 * The depth-versus-accuracy reproduction lesson 04 loads: scripts/depth-vs-accuracy.ts writes
 * content/results/depth-vs-accuracy.json. This test checks that the saved file has the shape the
 * lesson reads, that its summary is the one its runs give, that its numbers are plausible and show
 * the pattern the lesson states (no depth beats one hidden layer by more than a point; the deepest
 * network is far behind on this budget, and its layer 1 learns far slower than its output layer), and that it
 * comes from the current code: the first points of two saved curves are trained again and must
 * agree bit for bit. A small configuration is run whole, checked for the same shape, and twice, for
 * determinism. (The full run takes a few minutes: `npm run repro:depth` refreshes the file.)
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  dataFor, fullConfig, nielsen, quickConfig, resultsPath, runDepthVsAccuracy, runOne, summarize,
  type DepthConfig, type DepthResults,
} from "../../scripts/depth-vs-accuracy.js";

const saved = JSON.parse(readFileSync(resultsPath, "utf8")) as DepthResults;
const stale = "content/results/depth-vs-accuracy.json no longer matches the code: run `npm run repro:depth` and commit the file";

/** Everything the lesson reads from a results object, checked against its configuration. */
function expectShape(results: DepthResults, config: DepthConfig): void {
  expect(results.config).toEqual(config);
  expect(results.runs).toHaveLength(config.depths.length * config.seeds.length);
  const lastStep = config.epochs * Math.ceil(config.trainSize / config.batchSize) - 1;
  for (const depth of config.depths) {
    for (const seed of config.seeds) {
      const run = results.runs.find((r) => r.depth === depth && r.seed === seed);
      expect(run, `depth ${depth}, seed ${seed}`).toBeDefined();
      const steps = run!.curve.map((p) => p.step);
      expect(steps[0]).toBe(0);
      expect(steps[steps.length - 1]).toBe(lastStep);
      expect(steps.every((s, i) => i === 0 || s > steps[i - 1])).toBe(true);
      for (const p of run!.curve) {
        expect(p.testAccuracy).toBeGreaterThanOrEqual(0);
        expect(p.testAccuracy).toBeLessThanOrEqual(1);
        // An accuracy on testSize digits is a whole number of them.
        expect(Math.abs(p.testAccuracy * config.testSize - Math.round(p.testAccuracy * config.testSize))).toBeLessThan(1e-9);
      }
      expect(run!.testAccuracy).toBe(run!.curve[run!.curve.length - 1].testAccuracy);
      const layers = [...Array.from({ length: depth }, (_, k) => `layer${k + 1}`), "output"];
      for (const table of [run!.updateToData, run!.relativeChange]) {
        expect(Object.keys(table)).toEqual(layers);
        for (const v of Object.values(table)) expect(Number.isFinite(v) && v > 0).toBe(true);
      }
    }
  }
  expect(results.summary).toEqual(summarize(results.runs, config.depths));
  for (const s of results.summary) {
    expect(s.min).toBeLessThanOrEqual(s.mean);
    expect(s.mean).toBeLessThanOrEqual(s.max);
  }
}

describe("depth versus accuracy on MNIST (Nielsen 2015, ch. 5): the saved reproduction", () => {
  it("was produced with the script's current configuration and has the shape lesson 04 reads", () => {
    expect(saved.config, stale).toEqual(fullConfig);
    expect(saved.nielsen).toEqual(nielsen);
    expect(saved.data).toMatch(/LeCun.*Cazala/);
    expectShape(saved, fullConfig);
  });

  it("shows the pattern: depth does not pay on the same budget, and the deepest network is far behind", () => {
    const mean = (d: number) => saved.summary.find((s) => s.depth === d)!.mean;
    const shallow = mean(1);
    expect(shallow).toBeGreaterThan(0.85); // a 784-30-10 sigmoid net on 5,000 digits: about 90%
    for (const s of saved.summary) expect(s.mean).toBeLessThan(shallow + 0.01);
    const deepest = Math.max(...fullConfig.depths);
    expect(mean(deepest)).toBeLessThan(shallow - 0.1);
  });

  it("in every run of the deepest network, layer 1 learns at least 10 times slower than the output layer", () => {
    // (Not so in the shallow networks that learned: there layer 1's ratio is the larger one, as the lesson says.)
    const deepest = Math.max(...fullConfig.depths);
    for (const run of saved.runs.filter((r) => r.depth === deepest)) {
      expect(run.updateToData.layer1, `seed ${run.seed}`).toBeLessThan(run.updateToData.output / 10);
    }
  });

  it("the saved curves start where the current code starts (two runs trained again up to their second point)", () => {
    const sets = dataFor(fullConfig);
    for (const [depth, seed] of [[1, 1], [5, 2]]) {
      const fresh = runOne(fullConfig, depth, seed, sets, fullConfig.evalEvery);
      const old = saved.runs.find((r) => r.depth === depth && r.seed === seed)!;
      expect(fresh.curve.slice(0, 2), `depth ${depth}, seed ${seed}: ${stale}`).toEqual(old.curve.slice(0, 2));
    }
  });
});

describe("depth versus accuracy: a small configuration run now", () => {
  it("gives results of the same shape, deterministically", () => {
    const a = runDepthVsAccuracy(quickConfig);
    expectShape(a, quickConfig);
    expect(runDepthVsAccuracy(quickConfig)).toEqual(a);
  });
});
