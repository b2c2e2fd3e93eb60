/**
 * `npm run site`: the course as a static, offline web site.
 *
 *   content/NN-slug.md ----parseLesson----+
 *   notebooks/NN-slug.ipynb (outputs) ----+--> site/index.html, site/NN-slug.html,
 *                                              site/slides/NN-slug.html, site/assets/...
 *
 * Math is typeset and code highlighted here, and every chart spec compiled here, so a page needs
 * no network and a bad formula or spec fails the build (naming the lesson file, line and cell).
 * Every lesson is rendered before anything is written: one bad lesson leaves the old site in place.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ContentError, ContentErrors } from "../content/errors.js";
import type { Lesson } from "../content/model.js";
import { parseLesson } from "../content/parse.js";
import { lessonFiles, NOTEBOOK_DIRS, readNotebook } from "../notebook/build.js";
import type { Notebook } from "../notebook/nbformat.js";
import { messages } from "../../messages.js";
import { writeAssets } from "./assets.js";
import { createMarkdown } from "./markdown.js";
import { indexPage, lessonPage, SiteError, siteCells, slideDeck, summarize } from "./pages.js";

/** The built site's folder under the project root (git-ignored). */
export const SITE_DIR = "site";
/** Kept across builds: the browser tests' screenshots. */
export const SCREENSHOT_DIR = "screenshots";

/** Several problems at once, so an author fixes them in one pass. */
export class SiteErrors extends Error {
  constructor(readonly errors: readonly Error[]) {
    super(errors.map((e) => e.message).join("\n"));
  }
}

/** One lesson to render: the parsed lesson and its committed student notebook (null: none yet). */
export interface SiteLesson {
  readonly lesson: Lesson;
  readonly notebook: Notebook | null;
}

/** Render every page of the site in memory: relative path -> HTML. Throws {@link SiteErrors}. */
export function renderSite(lessons: readonly SiteLesson[]): Map<string, string> {
  const md = createMarkdown();
  const files = new Map<string, string>();
  const errors: Error[] = [];
  const summaries = lessons.map((l) => summarize(l.lesson));
  lessons.forEach(({ lesson, notebook }, i) => {
    try {
      const cells = siteCells(lesson, notebook);
      files.set(`${lesson.name}.html`, lessonPage(lesson, cells, summaries, i, md));
      files.set(`slides/${lesson.name}.html`, slideDeck(lesson, cells, md));
    } catch (e) {
      if (e instanceof SiteError) errors.push(e);
      else throw e;
    }
  });
  try {
    files.set("index.html", indexPage(summaries, md));
  } catch (e) {
    errors.push(new Error(`the index (a lesson's objectives): ${e instanceof Error ? e.message : String(e)}`));
  }
  if (errors.length > 0) throw new SiteErrors(errors);
  return files;
}

/** Read every lesson (or the given files) with its committed student notebook. */
export function readLessons(root: string, files: string[] = lessonFiles(root)): SiteLesson[] {
  const errors: Error[] = [];
  const out: SiteLesson[] = [];
  for (const file of files) {
    try {
      const lesson = parseLesson(file);
      out.push({ lesson, notebook: readNotebook(join(root, NOTEBOOK_DIRS.student, `${lesson.name}.ipynb`)) });
    } catch (e) {
      if (e instanceof ContentError || e instanceof ContentErrors) errors.push(e);
      else throw e;
    }
  }
  if (errors.length > 0) throw new SiteErrors(errors);
  return out;
}

/**
 * Build the site into `out` (default `<root>/site`): render everything, then replace the folder's
 * contents (keeping screenshots/). Returns the pages written, relative to `out`; `log` hears of
 * lessons without an executed notebook (their pages show code without outputs).
 */
export function buildSite(root: string, out: string = join(root, SITE_DIR), log: (line: string) => void = () => {}): string[] {
  const lessons = readLessons(root);
  for (const { lesson, notebook } of lessons) {
    if (notebook === null) log(messages.siteNoOutputs(lesson.name, `${NOTEBOOK_DIRS.student}/${lesson.name}.ipynb`));
  }
  const files = renderSite(lessons);
  mkdirSync(out, { recursive: true });
  for (const entry of readdirSync(out)) {
    if (entry !== SCREENSHOT_DIR) rmSync(join(out, entry), { recursive: true, force: true });
  }
  mkdirSync(join(out, "slides"), { recursive: true });
  for (const [path, html] of files) writeFileSync(join(out, path), html);
  writeAssets(root, out);
  return [...files.keys()].sort();
}

/** Whether a built site is there to serve. */
export function siteExists(out: string): boolean {
  return existsSync(join(out, "index.html"));
}
