/** `postbuild`: record which sources dist/ was built from (see src/course/kernel/build-info.ts). */
import { writeBuildInfo } from "../kernel/build-info.js";
import { ROOT } from "./common.js";

const info = writeBuildInfo(ROOT);
console.log(`dist/build-info.json: sources ${info.sourceHash} (${info.files} files)`);
