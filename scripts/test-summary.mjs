// Adds up the vitest reports of every package and prints the suite's closing line: "Tests: N passed, N failed".
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
for (const name of files) {
  const report = JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
}
if (files.length === 0 || passed + failed === 0) {
  console.error('test-summary: no test reports in test-results/: no test ran');
  process.exit(1);
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
