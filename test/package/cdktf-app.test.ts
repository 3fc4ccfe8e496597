/** The package in a user's cdktf 0.21 app, with constructs 10.4.2 (the repository pins 10.7.2): see app-suite.ts. */
import { describeUserApp } from "./app-suite";

jest.setTimeout(300_000);
describeUserApp({ cdk: "cdktf", version: "0.21.0", constructs: "10.4.2" });
