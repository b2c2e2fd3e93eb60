/** `npm run kernel:install`: register the project's tslab in .jupyter/ (never globally). */
import { installKernel, JUPYTER_DATA_DIR } from "../kernel/kernelspec.js";
import { ROOT } from "./common.js";

const file = installKernel(ROOT);
console.log(`Registered the TypeScript kernel (tslab) for this project: ${file}`);
console.log(`Our commands find it through JUPYTER_PATH=${JUPYTER_DATA_DIR}; your global Jupyter set-up is untouched.`);
console.log("To add it to your own Jupyter for every folder: npx tslab install --python python3");
