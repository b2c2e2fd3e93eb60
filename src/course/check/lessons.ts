/**
 * What the check command trusts: the lessons in `content/`. Points, stubs and reference solutions
 * come from there, never from the submitted notebook's metadata (a learner could edit that).
 */

import { basename, join } from "node:path";
import { existsSync } from "node:fs";
import { flavourSource } from "../content/exercise.js";
import { parseLesson } from "../content/parse.js";
import { lessonFiles } from "../notebook/build.js";

/** One exercise as the lesson defines it. */
export interface ExerciseSource {
  id: string;
  points: number;
  /** The cell as learners receive it (student build). */
  stub: string;
  /** The cell with its solution in place (instructor build). */
  reference: string;
}

/** A lesson with exercises. */
export interface LessonSource {
  /** "NN-slug". */
  name: string;
  /** In the order of the lesson. */
  exercises: ExerciseSource[];
  /** The built checks module, dist/content/NN-slug.exercises.js. */
  exercisesModule: string;
}

/** Reads the exercises of one lesson file. */
export function readLessonSource(root: string, file: string): LessonSource {
  const lesson = parseLesson(file);
  const exercises = lesson.cells
    .filter((c) => c.exercise?.kind === "solution")
    .map((c) => ({ id: c.exercise!.id, points: c.exercise!.points, stub: flavourSource(c, "student"), reference: flavourSource(c, "instructor") }));
  return { name: lesson.name, exercises, exercisesModule: join(root, "dist", "content", `${basename(file, ".md")}.exercises.js`) };
}

/** Every lesson in `content/` that has exercises and a checks file. */
export function readCourse(root: string): LessonSource[] {
  return lessonFiles(root)
    .filter((f) => existsSync(f.replace(/\.md$/, ".exercises.ts")))
    .map((f) => readLessonSource(root, f))
    .filter((l) => l.exercises.length > 0);
}
