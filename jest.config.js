/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is done once by `tsc` (test/typecheck.test.ts); ts-jest only transpiles, which keeps the suite fast.
    "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.test.json", diagnostics: false }],
  },
  globalSetup: "<rootDir>/test/global-setup.js",
  setupFilesAfterEnv: ["<rootDir>/test/setup.js"],
  reporters: ["default", "<rootDir>/test/result-reporter.js"],
  testTimeout: 60000,
  maxWorkers: 2,
};
