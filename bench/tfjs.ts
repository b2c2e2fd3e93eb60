/**
 * The same workloads in TensorFlow.js (tfjs-core, float32: its CPU and WASM backends have no
 * float64), written idiomatically: variables, a loss closure, `optimizer.minimize`.
 *
 * Single thread, and how we make sure: tfjs-backend-wasm picks its multithreaded binary only when
 * the flag WASM_HAS_MULTITHREAD_SUPPORT is true, and that flag is always false under Node
 * (tfjs issue 3830); we set it to false anyway and call `setThreadsCount(1)` before the backend
 * starts, then report `getThreadsCount()` (XNNPACK's thread pool size) in the results.
 * The CPU backend is plain single-threaded JavaScript.
 */

import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs-core";
import "@tensorflow/tfjs-backend-cpu";
import * as tfwasm from "@tensorflow/tfjs-backend-wasm";
import { LR, makeData, type Workload } from "./workloads.js";

export type TfBackend = "cpu" | "wasm";

/**
 * tfjs-core's package entry registers no gradients (the @tensorflow/tfjs union package does), and
 * its `register_all_gradients` module exists only as ES modules with extensionless imports, which
 * Node cannot load. So we bundle that one module with esbuild (already here as tsx's dependency)
 * into a temporary CommonJS file and require it: it registers every gradient in tfjs's global
 * registry, which all copies of tfjs-core share.
 */
function registerGradients(): void {
  const require = createRequire(import.meta.url);
  const esbuild = require("esbuild") as { buildSync(options: object): unknown };
  const outfile = join(tmpdir(), `tfjs-gradients-${process.pid}.cjs`);
  esbuild.buildSync({
    entryPoints: [require.resolve("@tensorflow/tfjs-core/dist/register_all_gradients.js")],
    bundle: true,
    format: "cjs",
    platform: "node",
    outfile,
    logLevel: "error",
  });
  require(outfile);
}

/** Starts the backend; returns a description of it for the report. */
export async function startBackend(backend: TfBackend): Promise<string> {
  registerGradients();
  if (backend === "wasm") {
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    tfwasm.setThreadsCount(1);
  }
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to start`);
  await tf.ready();
  if (backend === "cpu") return "tfjs-core 4.22 cpu backend (JavaScript, 1 thread)";
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  return `tfjs-core 4.22 wasm backend (${simd ? "SIMD" : "no SIMD"}, threads: ${tfwasm.getThreadsCount()})`;
}

/** Glorot-uniform weights (in, out), tfjs's matMul layout. */
function weight(rows: number, cols: number, seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  return tf.variable(tf.randomUniform([rows, cols], -limit, limit, "float32", seed));
}

export function tfjsStep(w: Workload): () => void {
  const data = makeData(w);
  const labels = tf.oneHot(tf.tensor1d(Array.from(data.labels), "int32"), w.classes);
  const opt = tf.train.sgd(LR);
  let loss: () => tf.Scalar;

  if (w.kind === "mlp") {
    const X = tf.tensor2d(Float32Array.from(data.X), [w.batch, w.inputs]);
    const widths = [w.inputs, ...new Array<number>(w.depth).fill(w.width), w.classes];
    const Ws = widths.slice(1).map((out, l) => weight(widths[l], out, l + 1));
    const bs = widths.slice(1).map((out) => tf.variable(tf.zeros([out])));
    const act = w.activation === "tanh" ? tf.tanh : tf.sigmoid;
    loss = () => {
      let h: tf.Tensor2D = X;
      for (let l = 0; l < Ws.length; l++) {
        const z = tf.add(tf.matMul(h, Ws[l]), bs[l]) as tf.Tensor2D;
        h = l < Ws.length - 1 ? (act(z) as tf.Tensor2D) : z;
      }
      return tf.losses.softmaxCrossEntropy(labels, h) as tf.Scalar;
    };
  } else {
    const T = w.steps, B = w.batch, H = w.hidden;
    // The inputs, one (B, F) tensor per step, made once outside the timed step.
    const xs = Array.from({ length: T }, (_, t) =>
      tf.tensor2d(Float32Array.from(data.X.subarray(t * B * w.inputs, (t + 1) * B * w.inputs)), [B, w.inputs]));
    const G = w.kind === "lstm" ? 4 : 1;
    const Wx = weight(w.inputs, G * H, 11);
    const Wh = weight(H, G * H, 12);
    const b = tf.variable(tf.zeros([G * H]));
    const Wo = weight(H, w.classes, 13);
    const bo = tf.variable(tf.zeros([w.classes]));
    loss = () => {
      let h: tf.Tensor2D = tf.zeros([B, H]);
      let c: tf.Tensor2D = tf.zeros([B, H]);
      for (let t = 0; t < T; t++) {
        const z = tf.add(tf.add(tf.matMul(xs[t], Wx), tf.matMul(h, Wh)), b) as tf.Tensor2D;
        if (G === 1) {
          h = tf.tanh(z);
        } else {
          const [i, f, g, o] = tf.split(z, 4, 1);
          c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g))) as tf.Tensor2D;
          h = tf.mul(tf.sigmoid(o), tf.tanh(c)) as tf.Tensor2D;
        }
      }
      return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(h, Wo), bo)) as tf.Scalar;
    };
  }
  return () => {
    const value = opt.minimize(loss, true);
    value!.dataSync(); // wait for the step to finish (the CPU and WASM backends are synchronous anyway)
    value!.dispose();
  };
}
