/**
 * The package in a user's CDK Terrain app: `cdktn` 0.24 instead of cdktf (no cdktf installed), with constructs 10.6.0
 * (cdktn's range is >=10.6.0 <10.8.0; the repository pins 10.7.2). Every check runs there: see app-suite.ts. The
 * library is tested on the Node that runs jest (20); `cdktn-cli` 0.24 needs Node >= 22.19 and is not run here.
 */
import { describeUserApp } from "./app-suite";

jest.setTimeout(300_000);
describeUserApp({ cdk: "cdktn", version: "0.24.0", constructs: "10.6.0" });
