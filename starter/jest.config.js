/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/", "/cdktf.out/"],
  transform: { "^.+\\.ts$": "ts-jest" },
  // cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
};
