// Writes jest's aggregated result as JSON to $JEST_RESULT_FILE (used by .ci/run to print "N passed, N failed").
const fs = require("fs");
class ResultFileReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.JEST_RESULT_FILE;
    if (file) fs.writeFileSync(file, JSON.stringify({
      numPassedTests: results.numPassedTests,
      numFailedTests: results.numFailedTests,
      numPendingTests: results.numPendingTests,
      numRuntimeErrorTestSuites: results.numRuntimeErrorTestSuites,
      numTotalTests: results.numTotalTests,
    }));
  }
}
module.exports = ResultFileReporter;
