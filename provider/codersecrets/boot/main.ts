/** esbuild entry of codersecrets-boot.js (see boot.ts). */
import { boot } from "./boot";

boot(__dirname, process.argv.slice(2), require);
