/** Bundle entry (install/bundle.ts): the provider executable's whole job is to serve the plugin. */
import { runProviderProcess } from "./entry";

runProviderProcess(process.argv.slice(2));
