/**
 * Who a submission belongs to: the notebook's metadata when it names the student
 * (`metadata.course.student`, or nbgrader's `metadata.nbgrader.student`... as exported by LMSs:
 * `metadata.student`), else the file name with the lesson's name and LMS noise taken off
 * (`alice_01-backprop-jacobians.ipynb`, Canvas' `smithjane_12345_678_01-backprop-jacobians.ipynb`),
 * else the folder holding it (`submissions/alice/01-backprop-jacobians.ipynb`).
 */

import { basename, dirname, resolve } from "node:path";

export function studentOf(file: string, notebook: unknown, inputRoots: readonly string[], lessonNames: readonly string[]): string {
  const meta = (notebook as { metadata?: Record<string, unknown> } | null)?.metadata;
  const fromMeta = [
    (meta?.course as Record<string, unknown> | undefined)?.student,
    meta?.student,
    (meta?.nbgrader as Record<string, unknown> | undefined)?.student,
  ].find((x) => typeof x === "string" && x.trim() !== "") as string | undefined;
  if (fromMeta) return clean(fromMeta);
  let stem = basename(file).replace(/\.ipynb$/i, "");
  for (const l of lessonNames) stem = stem.replace(l, "");
  stem = stem.replace(/\(\d+\)|-\s*Copy\d*/gi, "").replace(/^[\s_\-.]+|[\s_\-.]+$/g, "");
  const canvas = /^([a-z]+)_(?:late_)?\d+_\d+/i.exec(stem);
  if (canvas) return clean(canvas[1]);
  if (stem !== "" && !/^\d+$/.test(stem)) return clean(stem);
  const dir = dirname(resolve(file));
  if (!inputRoots.some((r) => resolve(r) === dir)) return clean(basename(dir));
  return clean(basename(file).replace(/\.ipynb$/i, ""));
}

/** Safe as a file name and a CSV cell. */
function clean(s: string): string {
  return s.trim().replace(/[^\p{L}\p{N}@._-]+/gu, "_").replace(/^[=+\-@._]+/, "").slice(0, 80) || "unknown";
}
