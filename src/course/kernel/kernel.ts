/**
 * The course's Jupyter kernel: tslab 1.0.22, extended where it falls short of Jupyter's protocol.
 *
 *   ZeroMQ sockets, message signing, dispatch      tslab's ZmqServer (subclassed: execute, comm_info)
 *   completion, inspection, is_complete            tslab's JupyterHandlerImpl (is_complete: + "invalid")
 *   compiling a cell, running it, interrupting     tslab's converter and executor, unchanged, with
 *                                                  the converter wrapped (cells.ts) and the console
 *                                                  it reports through replaced (the seam below)
 *
 * What the subclasses add, each a gap measured with Jupyter's kernel test harness:
 *   1. kernel_info_reply carries status "ok";
 *   2. a failing cell sends an IOPub `error` (ename, evalue, a traceback trimmed to the learner's
 *      cells, traceback.ts) and its execute_reply carries the same three fields;
 *   3. a cell's last value is an `execute_result` (text/plain, or the bundle itself when the value
 *      is a MIME bundle such as `await charts.chartBundle(spec)`), not printed text;
 *   4. execute_input is broadcast, stop_on_error is honoured (queue.ts), comm_info_reply is named so.
 *
 * The seam: `createExecutor(rootDir, convs, console)` reports through the `console` it is given,
 * and only there: `console.log(value)` for a cell's last value, `console.error(e)` for what a cell
 * threw, `console.error("%s%d:%d - %s", ...)` per TypeScript diagnostic. A learner's own
 * `console.log` goes to the global console, which tslab routes to the cell's stdout as before.
 */
import { format, inspect } from "node:util";
import { Cells } from "./cells.js";
import { Aborted, ExecutionQueue } from "./queue.js";
import { captureFrames, runtimeError, typeErrors, type ErrorContent } from "./traceback.js";
import type { Converter, ConverterSet, ExecutorConsole, Tslab, TslabDiagnostic, TslabHandler, TslabServer, WriteDisplayData, WriteStream, ZmqMessage } from "./tslab.js";

/** How tslab's executor prints one TypeScript diagnostic (executor.js, printDiagnostics). */
export const DIAGNOSTIC_FORMAT = "%s%d:%d - %s";

/** Sends one message on IOPub, as a child of the request being handled. */
export type Publish = (msgType: string, content: Record<string, unknown>) => void;

/** What one execution reported through the seam. */
export interface Execution {
  count: number;
  /** Set when the cell's code ended in an expression whose value is not null or undefined. */
  value?: { value: unknown };
  /** What the cell threw (the first thing reported). */
  thrown?: { error: unknown };
  /** TypeScript errors, with the source they refer to. */
  diagnostics?: { list: TslabDiagnostic[]; src: string };
  /** Diagnostics tslab printed without failing (a `//@module` cell's): passed on to stderr. */
  printed: string[];
}

/** The execution running now, shared by the handler, the console seam and the converter wrapper. */
export class KernelState {
  current: Execution | null = null;

  constructor(readonly cells: Cells, readonly root: string, private readonly fallback: ExecutorConsole = console) {}

  /** The console handed to tslab's executor. */
  console(): ExecutorConsole {
    return {
      log: (...args) => {
        if (this.current === null) this.fallback.log(...args);
        else this.current.value = { value: args[0] };
      },
      error: (...args) => {
        const run = this.current;
        if (run === null) this.fallback.error(...args);
        else if (args[0] === DIAGNOSTIC_FORMAT) run.printed.push(`${format(...args)}\n`);
        else if (run.thrown === undefined) run.thrown = { error: args[0] };
      },
    };
  }

  /** Hears the converter's diagnostics (wired in by Cells.wrap). */
  diagnostics(list: TslabDiagnostic[], src: string): void {
    if (this.current !== null) this.current.diagnostics = { list, src };
  }

  /** The error output of a failed execution. */
  errorOf(run: Execution): ErrorContent {
    if (run.diagnostics !== undefined) return typeErrors(run.diagnostics.list, run.diagnostics.src);
    if (run.thrown !== undefined) return runtimeError(run.thrown.error, this.cells, run.count, this.root);
    return { ename: "Error", evalue: "the cell failed", traceback: ["Error: the cell failed"] };
  }
}

/** A cell that failed: its count and its error output. */
class CellFailed extends Error {
  constructor(readonly count: number, readonly content: ErrorContent) {
    super(content.evalue);
  }
}

const MIME_TYPE = /^[\w.+-]+\/[\w.+-]+$/;

/**
 * The data of an execute_result: a MIME bundle as it is (a plain object whose keys are all MIME
 * types), with text/plain added when missing; any other value as console.log would print it.
 */
export function resultData(value: unknown): Record<string, unknown> {
  const text = (v: unknown) => (typeof v === "string" ? v : inspect(v));
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const proto = Object.getPrototypeOf(value) as unknown;
    const keys = Object.keys(value);
    if ((proto === Object.prototype || proto === null) && keys.length > 0 && keys.every((k) => MIME_TYPE.test(k))) {
      const bundle = { ...(value as Record<string, unknown>) };
      if (!("text/plain" in bundle)) bundle["text/plain"] = `(${keys.join(", ")})`;
      return bundle;
    }
  }
  return { "text/plain": text(value) };
}

/** The handler and server classes, built on the tslab given (its classes exist only at run time). */
export function kernelClasses(tslab: Tslab) {
  const Handler = tslab.JupyterHandlerImpl as unknown as new (executor: TslabHandler["executor"], isJs: boolean) => TslabHandler;
  const Server = tslab.ZmqServer as unknown as new (handler: TslabHandler, configPath: string) => TslabServer;

  class CourseHandler extends Handler {
    readonly #queue = new ExecutionQueue();

    constructor(executor: TslabHandler["executor"], readonly state: KernelState) {
      super(executor, false);
    }

    override handleKernel(): Record<string, unknown> {
      return { ...super.handleKernel(), status: "ok" };
    }

    /** tslab answers "complete" or "incomplete"; code that can never parse is "invalid". */
    override handleIsComplete(req: { code: string }): { status: string; indent?: string } {
      const answer = super.handleIsComplete(req);
      if (answer.status !== "complete" || req.code.trim() === "") return answer;
      // As tslab compiles it: a module (top-level await parses), TypeScript, not TSX.
      const file = tslab.ts.createSourceFile("cell.ts", `export {};\n${req.code}`, tslab.ts.ScriptTarget.Latest, false, tslab.ts.ScriptKind.TS);
      return (file.parseDiagnostics ?? []).length > 0 ? { status: "invalid" } : answer;
    }

    override handleShutdown(req: Record<string, unknown>): Record<string, unknown> {
      return { status: "ok", restart: req.restart === true };
    }

    /** Replaces tslab's handleExecute (which takes no IOPub publisher and reports no error fields). */
    async execute(req: Record<string, unknown>, writeStream: WriteStream, writeDisplayData: WriteDisplayData, publish: Publish): Promise<Record<string, unknown>> {
      const silent = req.silent === true;
      const stopOnError = req.stop_on_error !== false;
      const send: Publish = silent ? () => {} : publish;
      try {
        const run = await this.#queue.run(() => this.#runCell(String(req.code ?? ""), writeStream, writeDisplayData, send), (e) => stopOnError && e instanceof CellFailed);
        return { status: "ok", execution_count: run.count, payload: [], user_expressions: {} };
      } catch (e) {
        if (e instanceof Aborted) return { status: "abort" };
        if (e instanceof CellFailed) return { status: "error", execution_count: e.count, ...e.content };
        // A bug of the kernel's own, not the cell's: still an answer the front end can show.
        const content = runtimeError(e, this.state.cells, null, this.state.root);
        send("error", { ...content });
        return { status: "error", execution_count: this.execCount, ...content };
      }
    }

    async #runCell(code: string, writeStream: WriteStream, writeDisplayData: WriteDisplayData, publish: Publish): Promise<Execution> {
      const run: Execution = { count: ++this.execCount, printed: [] };
      // As tslab does: output written later (timers, promises) still reaches the latest cell.
      process.stdout.write = this.createWriteToIopub("stdout", writeStream) as typeof process.stdout.write;
      process.stderr.write = this.createWriteToIopub("stderr", writeStream) as typeof process.stderr.write;
      tslab.jupyter.lastWriteDisplayData = writeDisplayData;
      publish("execute_input", { code, execution_count: run.count });
      this.state.current = run;
      this.state.cells.count = run.count;
      let ok: boolean;
      try {
        ok = await this.executor.execute(code);
      } catch (e) {
        run.thrown ??= { error: e };
        ok = false;
      } finally {
        this.state.current = null;
        this.state.cells.count = null;
      }
      // Published here, inside the queue's turn, so they come before anything of the next cell.
      if (!ok) {
        const failed = new CellFailed(run.count, this.state.errorOf(run));
        publish("error", { ...failed.content });
        throw failed;
      }
      for (const text of run.printed) writeStream("stderr", text);
      if (run.value !== undefined) publish("execute_result", { execution_count: run.count, data: resultData(run.value.value), metadata: {} });
      return run;
    }
  }

  class CourseServer extends Server {
    /** tslab's handleExecute, with a publisher for execute_input, execute_result and error. */
    override async handleExecute(sock: unknown, msg: ZmqMessage): Promise<void> {
      const publish: Publish = (msgType, content) => {
        const out = msg.createReply();
        out.header.msg_type = msgType;
        out.content = content;
        out.signAndSend(this.connInfo.key, this.iopub);
      };
      const writeStream: WriteStream = (name, text) => publish("stream", { name, text });
      const writeDisplayData: WriteDisplayData = (data, update) => publish(update ? "update_display_data" : "display_data", data);
      const content = await (this.handler as CourseHandler).execute(msg.content, writeStream, writeDisplayData, publish);
      const reply = msg.createReply();
      reply.header.msg_type = "execute_reply";
      reply.content = content;
      reply.signAndSend(this.connInfo.key, sock);
    }

    /** tslab names this reply "complete_reply" and leaves out the status. */
    override handleCommInfoRequest(sock: unknown, msg: ZmqMessage): void {
      const reply = msg.createReply();
      reply.header.msg_type = "comm_info_reply";
      reply.content = { status: "ok", comms: {} };
      reply.signAndSend(this.connInfo.key, sock);
    }
  }

  return { CourseHandler, CourseServer };
}

/** The pieces of a course kernel, before any socket is opened (tests drive the handler directly). */
export interface CourseKernel {
  cells: Cells;
  state: KernelState;
  executor: TslabHandler["executor"];
  handler: InstanceType<ReturnType<typeof kernelClasses>["CourseHandler"]>;
  /** The server, when a connection file was given. */
  server: TslabServer | null;
}

/**
 * Build the kernel: tslab's converters (wrapped), its executor reporting through our console, our
 * handler, and the server when `configPath` (Jupyter's connection file) is given. `rootDir` is
 * where cells compile and resolve imports from (tslab: the working directory, the notebook's
 * folder); `projectRoot` tells the course library's frames from the kernel's own in tracebacks.
 */
export function buildKernel(tslab: Tslab, options: { rootDir: string; projectRoot: string; configPath?: string }): CourseKernel {
  captureFrames();
  const cells = new Cells();
  const state = new KernelState(cells, options.projectRoot);
  const made: { node?: Converter; browser?: Converter } = {};
  const wrap = (isBrowser: boolean) => cells.wrap(tslab.createConverter({ isJS: false, isBrowser }), tslab.takeMaps, (list, src) => state.diagnostics(list, src));
  // tslab's ConverterSetImpl (not exported): each converter is made on first use.
  const convs: ConverterSet = {
    get node() {
      return (made.node ??= wrap(false));
    },
    get browser() {
      return (made.browser ??= wrap(true));
    },
    close() {
      made.node?.close();
      made.browser?.close();
    },
  };
  void convs.node; // warm it, as tslab does: the first cell should not wait for the compiler
  const executor = tslab.createExecutor(options.rootDir, convs, state.console());
  const { CourseHandler, CourseServer } = kernelClasses(tslab);
  const handler = new CourseHandler(executor, state);
  const server = options.configPath === undefined ? null : new CourseServer(handler, options.configPath);
  return { cells, state, executor, handler, server };
}

/** `kernel --config-path <file>` -> the connection file, or null for anything else. */
export function configPathOf(argv: readonly string[]): string | null {
  if (argv[0] !== "kernel") return null;
  const i = argv.indexOf("--config-path");
  const inline = argv.find((a) => a.startsWith("--config-path="));
  if (inline !== undefined) return inline.slice("--config-path=".length);
  return i === -1 ? null : argv[i + 1] ?? null;
}
