// Adds up the vitest reports of every package and prints the suite's closing lines: which tests ran
// their reduced form on this host and why (test/helpers/reduced-form.ts), then "Tests: N passed, N failed",
// and fails when a report it expects is missing.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '..');
// LTSP_UPDATE_TEST_RESULTS: another folder of reports (the summary's own test).
const dir = process.env.LTSP_UPDATE_TEST_RESULTS ?? path.join(repo, 'test-results');

/** The reports a whole run writes: one per workspace with tests (named after its folder), and the integration tests'. */
function expectedReports() {
  const { workspaces } = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const names = ['integration'];
  for (const pattern of workspaces) {
    const parent = path.join(repo, pattern.replace(/\/\*$/, ''));
    for (const folder of readdirSync(parent)) {
      const manifest = path.join(parent, folder, 'package.json');
      if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test) names.push(folder);
    }
  }
  return names;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];
for (const name of expectedReports()) {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) {
    missing.push(name);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + report.numTodoTests;
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
// A report that never came means tests that never ran (their task failed before, or crashed).
for (const name of missing) console.error(`test-summary: no report from ${name} (test-results/${name}.json): its tests did not run to the end`);
process.exit(failed === 0 && missing.length === 0 && passed > 0 ? 0 : 1);
