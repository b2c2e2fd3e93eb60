/**
 * tslab 1.0.22's own building blocks, loaded from `node_modules/tslab/dist/*`: the converter
 * (TypeScript -> JavaScript), the executor, the Jupyter message handler and the ZeroMQ server.
 * The course kernel (kernel.ts) is built from them; nothing of tslab is copied here.
 *
 * Pinned: these are tslab's internal modules, so the shapes below are those of exactly
 * {@link TSLAB_VERSION}. {@link loadTslab} checks the version and every member the kernel uses,
 * and test/course/kernel/tslab.test.ts fails loudly when an upgrade changes any of them.
 *
 * One seam goes deeper than a subclass: source maps. tslab compiles a cell twice (TypeScript to an
 * ES module with its type checker, then that to CommonJS with `transpileModule`) and keeps no map,
 * so a runtime error's line is a line of generated code. Its converter reads the TypeScript module
 * through `require("@tslab/typescript-for-tslab")`; before the converter loads, we put in the
 * module cache a copy of that module whose two entry points also emit source maps (an inline map
 * on the first step, a separate one on the second), and record the maps of every compiled text.
 * The JavaScript tslab runs is unchanged byte for byte.
 */
import { createRequire } from "node:module";

/** The tslab release this wrapper was written against (package.json pins it exactly). */
export const TSLAB_VERSION = "1.0.22";

// --- the shapes of tslab's internals we use (tslab/dist/*.d.ts, narrowed) -----------------------

/** A diagnostic of tslab's converter: positions are 0-based and relative to the cell. */
export interface TslabDiagnostic {
  start: { offset: number; line: number; character: number };
  end: { offset: number; line: number; character: number };
  messageText: string;
  category: number;
  code: number;
  fileName?: string;
}

/** What `converter.convert(prevDecl, src)` returns. */
export interface ConvertResult {
  output?: string;
  declOutput?: string;
  diagnostics: TslabDiagnostic[];
  lastExpressionVar?: string;
  hasToplevelAwait?: boolean;
  sideOutputs?: { path: string; data: string }[];
}

/** tslab's converter (converter.d.ts, `Converter`). */
export interface Converter {
  convert(prevDecl: string, src: string): ConvertResult;
  inspect(prevDecl: string, src: string, position: number): unknown;
  complete(prevDecl: string, src: string, position: number): { start: number; end: number; candidates: string[] };
  close(): void;
  addModule(name: string, content: string, meta?: unknown): TslabDiagnostic[];
}

/** The object `createExecutor` takes: a converter for Node and one for the browser mode. */
export interface ConverterSet {
  readonly node: Converter;
  readonly browser: Converter;
  close(): void;
}

/** tslab's executor (executor.d.ts, `Executor`). */
export interface Executor {
  execute(src: string): Promise<boolean>;
  inspect(src: string, position: number): unknown;
  complete(src: string, position: number): { start: number; end: number; candidates: string[] };
  locals: Record<string, unknown>;
  reset(): void;
  interrupt(): void;
  close(): void;
}

/** The console the executor reports through: `log(value)` for a cell's value, `error(...)` for failures. */
export interface ExecutorConsole {
  log(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

/** A Jupyter message as tslab's ZmqMessage holds it. */
export interface ZmqMessage {
  header: { msg_type: string; msg_id: string; session: string; username: string; date: string; version: string };
  parent: Record<string, unknown>;
  metadata: Record<string, unknown>;
  content: Record<string, unknown>;
  createReply(): ZmqMessage;
  signAndSend(key: string, socket: unknown): void;
}

/** `writeStream(name, text)` and `writeDisplayData(content, update)` as tslab passes them. */
export type WriteStream = (name: "stdout" | "stderr", text: string) => void;
export type WriteDisplayData = (content: Record<string, unknown>, update: boolean) => void;

/** The members of tslab's `JupyterHandlerImpl` the course kernel reuses or replaces. */
export interface TslabHandler {
  executor: Executor;
  execCount: number;
  handleKernel(): Record<string, unknown>;
  createWriteToIopub(name: "stdout" | "stderr", writeStream: WriteStream): (chunk: string | Uint8Array, encoding?: unknown) => boolean;
  handleIsComplete(req: { code: string }): { status: string; indent?: string };
  handleInspect(req: { code: string; cursor_pos: number }): Record<string, unknown>;
  handleComplete(req: { code: string; cursor_pos: number }): Record<string, unknown>;
  handleShutdown(req: Record<string, unknown>): Record<string, unknown>;
  close(): void;
}

/** The members of tslab's `ZmqServer` the course kernel reuses or replaces. */
export interface TslabServer {
  handler: TslabHandler;
  connInfo: { key: string };
  iopub: unknown;
  init(): Promise<void>;
  close(): void;
  handleExecute(sock: unknown, msg: ZmqMessage): Promise<void>;
  handleCommInfoRequest(sock: unknown, msg: ZmqMessage): void;
  handleShutdown(sock: unknown, msg: ZmqMessage): void;
}

/** The source maps of one compiled text: ES module -> TypeScript, and CommonJS -> ES module. */
export interface CompiledMaps {
  /** The first step's map; its source is the cell behind tslab's one-line prefix (`export {};`). */
  toTypeScript: object;
  /** The second step's map. */
  toModule: object;
}

/** Everything the course kernel takes from tslab. */
export interface Tslab {
  version: string;
  /** Where tslab is installed (its package folder). */
  dir: string;
  createConverter(options?: { isJS?: boolean; isBrowser?: boolean }): Converter;
  isCompleteCode(code: string): { completed: boolean; indent?: string };
  createExecutor(rootDir: string, convs: ConverterSet, console: ExecutorConsole): Executor;
  JupyterHandlerImpl: new (executor: Executor, isJs: boolean) => TslabHandler;
  ZmqServer: new (handler: TslabHandler, configPath: string) => TslabServer;
  /** tslab/dist/jupyter itself: its `lastWriteDisplayData` is what `tslab.display` and the charts use. */
  jupyter: { lastWriteDisplayData: WriteDisplayData | null };
  /** tslab's own `startKernel`, the fallback when the wrapper cannot be built. */
  startKernel(options: { configPath: string; enableFindLocal?: boolean; jsKernel?: boolean }): void;
  /** The TypeScript tslab compiles with (its own copy, 5.0.4), for parsing only. */
  ts: TypeScriptLike;
  /** The maps recorded for a text tslab's converter produced (the CommonJS it runs), once. */
  takeMaps(output: string): CompiledMaps | null;
}

/** The little of TypeScript's API the kernel calls itself. */
export interface TypeScriptLike {
  version: string;
  createSourceFile(name: string, text: string, target: number, setParents?: boolean, kind?: number): { parseDiagnostics?: { start: number; length: number; messageText: unknown }[] };
  ScriptTarget: { Latest: number };
  ScriptKind: { TSX: number; TS: number };
}

// --- loading ------------------------------------------------------------------------------------

/** Why the wrapper cannot be built on the tslab found: a version or a member that changed. */
export class TslabMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TslabMismatch";
  }
}

const INLINE_MAP = /\n?\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/;
const FILE_MAP = /\n?\/\/# sourceMappingURL=custom\.js\.map\s*$/;

/** Per process, not per module instance: Node's module cache (where the seam sits) is per process. */
const LOADED = Symbol.for("vanishing-gradients.course-kernel.tslab");
const registry = globalThis as { [LOADED]?: Tslab };

/**
 * Load tslab's internals from the project's node_modules (once per process) and check that they
 * are what this wrapper was written for; throws {@link TslabMismatch} naming what differs.
 * `from` is where to resolve "tslab" from (default: this file, so the project's copy).
 */
export function loadTslab(from: string = import.meta.url): Tslab {
  const done = registry[LOADED];
  if (done !== undefined) return done;
  const require = createRequire(from);
  const pkgPath = require.resolve("tslab/package.json");
  const version = (require(pkgPath) as { version: string }).version;
  if (version !== TSLAB_VERSION) {
    throw new TslabMismatch(`tslab ${version} is installed, but the course kernel wraps tslab ${TSLAB_VERSION} (package.json pins it); run 'npm ci'.`);
  }
  const dir = pkgPath.slice(0, -"/package.json".length);
  const fromTslab = createRequire(`${dir}/dist/converter.js`);
  const tsPath = fromTslab.resolve("@tslab/typescript-for-tslab");
  const converterPath = fromTslab.resolve("./converter.js");
  if (require.cache[converterPath] !== undefined) {
    throw new TslabMismatch("tslab's converter was loaded before the course kernel could add source maps to it.");
  }
  const maps = installMapRecorder(fromTslab, tsPath);
  const converter = fromTslab("./converter.js") as Record<string, unknown>;
  const executor = fromTslab("./executor.js") as Record<string, unknown>;
  const jupyter = fromTslab("./jupyter.js") as Record<string, unknown>;
  const main = fromTslab("./main.js") as Record<string, unknown>;
  const tslab: Tslab = {
    version,
    dir,
    createConverter: member(converter, "converter", "createConverter", 1),
    isCompleteCode: member(converter, "converter", "isCompleteCode", 1),
    createExecutor: member(executor, "executor", "createExecutor", 3),
    JupyterHandlerImpl: member(jupyter, "jupyter", "JupyterHandlerImpl", 2),
    ZmqServer: member(jupyter, "jupyter", "ZmqServer", 2),
    jupyter: jupyter as Tslab["jupyter"],
    startKernel: member(main, "main", "startKernel", 1),
    ts: fromTslab(tsPath) as TypeScriptLike,
    takeMaps: maps,
  };
  // What kernel.ts calls (super.*, createWriteToIopub) or overrides (a renamed method would leave
  // an override dead without a sound): each must exist and take the same parameters.
  checkPrototype(tslab.JupyterHandlerImpl, "JupyterHandlerImpl", {
    handleKernel: 0, createWriteToIopub: 2, handleIsComplete: 1, handleInspect: 1, handleComplete: 1, handleShutdown: 1, close: 0,
  });
  checkPrototype(tslab.ZmqServer, "ZmqServer", { init: 0, close: 0, handleExecute: 2, handleCommInfoRequest: 2, handleShutdown: 2, handleShellMessage: 1, publishStatus: 2 });
  if (!("lastWriteDisplayData" in jupyter)) throw new TslabMismatch("tslab/dist/jupyter no longer exports lastWriteDisplayData.");
  registry[LOADED] = tslab;
  return tslab;
}

/** A function exported by one of tslab's modules, with the number of parameters we call it with. */
function member<T>(mod: Record<string, unknown>, file: string, name: string, arity: number): T {
  const f = mod[name];
  if (typeof f !== "function") throw new TslabMismatch(`tslab/dist/${file}.js no longer exports ${name}.`);
  if (f.length !== arity) throw new TslabMismatch(`tslab/dist/${file}.js: ${name} takes ${f.length} parameters, the course kernel expects ${arity}.`);
  return f as T;
}

/** Every method the kernel calls or overrides must be there, taking the parameters it passes. */
function checkPrototype(cls: { prototype: object }, name: string, methods: Record<string, number>): void {
  for (const [method, arity] of Object.entries(methods)) {
    const f = (cls.prototype as Record<string, unknown>)[method];
    if (typeof f !== "function") throw new TslabMismatch(`tslab's ${name} has no method ${method} any more.`);
    if (f.length !== arity) throw new TslabMismatch(`tslab's ${name}.${method} takes ${f.length} parameters, the course kernel expects ${arity}.`);
  }
}

/**
 * Put a copy of tslab's TypeScript module in the module cache whose `createWatchCompilerHost` adds
 * an inline source map to every emitted file and whose `transpileModule`, called by tslab's
 * `esModuleToCommonJSModule` (file name "custom.js"), takes that map off, asks for its own and
 * records both for the text it returns. Returns the lookup of recorded maps by that text.
 */
function installMapRecorder(fromTslab: NodeRequire, tsPath: string): (output: string) => CompiledMaps | null {
  const real = fromTslab(tsPath) as Record<string, unknown> & {
    createWatchCompilerHost: (...args: unknown[]) => unknown;
    transpileModule: (input: string, options: { fileName?: string; compilerOptions?: Record<string, unknown> }) => { outputText: string; sourceMapText?: string };
  };
  if (typeof real.createWatchCompilerHost !== "function" || typeof real.transpileModule !== "function") {
    throw new TslabMismatch("tslab's TypeScript lacks createWatchCompilerHost or transpileModule.");
  }
  // Kept until the converter's caller takes them; a few per cell, and taken right away.
  const recorded = new Map<string, CompiledMaps>();
  const copy: Record<string, unknown> = { ...real };
  copy.createWatchCompilerHost = (...args: unknown[]) => {
    const options = args[1] as Record<string, unknown>;
    args[1] = { ...options, inlineSourceMap: true, sourceMap: false };
    return real.createWatchCompilerHost(...args);
  };
  copy.transpileModule = (input: string, options: { fileName?: string; compilerOptions?: Record<string, unknown> }) => {
    const inline = options.fileName === "custom.js" ? INLINE_MAP.exec(input) : null;
    if (inline === null) return real.transpileModule(input, options);
    const code = input.slice(0, inline.index) + "\n";
    const result = real.transpileModule(code, { ...options, compilerOptions: { ...options.compilerOptions, sourceMap: true, inlineSourceMap: false } });
    const outputText = result.outputText.replace(FILE_MAP, "\n");
    if (result.sourceMapText !== undefined) {
      recorded.set(outputText, {
        toTypeScript: JSON.parse(Buffer.from(inline[1], "base64").toString("utf8")) as object,
        toModule: JSON.parse(result.sourceMapText) as object,
      });
      if (recorded.size > 64) recorded.delete(recorded.keys().next().value!); // side outputs nobody asked for
    }
    return { ...result, outputText };
  };
  const cached = fromTslab.cache[tsPath];
  if (cached === undefined) throw new TslabMismatch("tslab's TypeScript did not load as a CommonJS module.");
  cached.exports = copy;
  return (output) => {
    const maps = recorded.get(output) ?? null;
    recorded.delete(output);
    return maps;
  };
}
