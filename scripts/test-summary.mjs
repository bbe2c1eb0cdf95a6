// Adds up the vitest reports of every package and prints the suite's closing lines: which tests ran
// their reduced form on this host and why (test/helpers/reduced-form.ts), then "Tests: N passed, N failed".
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../test-results');
let passed = 0;
let failed = 0;
let skipped = 0;
const files = existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')) : [];
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

const reducedFile = path.join(dir, 'reduced-forms.jsonl');
const reduced = existsSync(reducedFile)
  ? readFileSync(reducedFile, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line))
  : [];
if (reduced.length === 0) {
  console.log('Reduced forms: none; every test ran in full on this host');
} else {
  const byReason = new Map();
  for (const entry of reduced) byReason.set(entry.why, [...(byReason.get(entry.why) ?? []), entry]);
  console.log(`Reduced forms: ${reduced.length} ${reduced.length === 1 ? 'test' : 'tests'} asserted what this host must do instead of doing it:`);
  for (const [why, entries] of byReason) {
    console.log(`  because ${why}:`);
    for (const entry of entries) console.log(`    ${entry.test}`);
  }
}
console.log(`Tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
