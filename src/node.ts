/**
 * The Node-only corner of the library: what reads files. Everything in `index.ts` runs in a browser
 * page as it is; what is here needs Node.js.
 *
 * @example
 *   import { mnist } from "../dist/src/node.js";
 *   const digits = mnist({ n: 1000 }); // X (1000, 784), y in 0..9
 */
export { mnist } from "./data/mnist-node.js";
