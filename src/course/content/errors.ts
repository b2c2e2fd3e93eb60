/**
 * The one error the content pipeline throws: it always points at `file:line`.
 */
import { LibraryError } from "../../messages.js";

/** A problem in a lesson's source; the message reads `file:line: what is wrong; what to change`. */
export class ContentError extends LibraryError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = "ContentError";
  }
}

/** Several content problems at once (one per line), so an author can fix them in one pass. */
export class ContentErrors extends LibraryError {
  constructor(readonly problems: readonly string[]) {
    super(problems.join("\n"));
    this.name = "ContentErrors";
  }
}
