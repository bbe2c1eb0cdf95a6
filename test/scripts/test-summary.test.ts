// The suite's closing summary counts what really happened: failures are counted (it runs after a
// failed task too), and a report that never came fails the run.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../scripts/test-summary.mjs');
const reports = ['integration', 'engine', 'notifier', 'gnome', 'kde'];
let dir: string | undefined;

async function summary(write: Record<string, { passed: number; failed: number }>) {
  dir = await mkdtemp(path.join(tmpdir(), 'test-results-'));
  for (const [name, counts] of Object.entries(write)) {
    await writeFile(path.join(dir, `${name}.json`), JSON.stringify({ numPassedTests: counts.passed, numFailedTests: counts.failed, numPendingTests: 0, numTodoTests: 0 }));
  }
  return execa('node', [script], { reject: false, env: { LTSP_UPDATE_TEST_RESULTS: dir } });
}

afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the test summary', () => {
  it('passes when every expected report is there and nothing failed', async () => {
    const result = await summary(Object.fromEntries(reports.map((name) => [name, { passed: 2, failed: 0 }])));
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Tests: 10 passed, 0 failed$/m);
  });

  it('counts the failures of a failed run', async () => {
    const result = await summary({ ...Object.fromEntries(reports.map((name) => [name, { passed: 2, failed: 0 }])), engine: { passed: 1, failed: 3 } });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toMatch(/^Tests: 9 passed, 3 failed$/m);
  });

  it('fails when a report never came, naming it', async () => {
    const result = await summary(Object.fromEntries(reports.filter((name) => name !== 'kde').map((name) => [name, { passed: 2, failed: 0 }])));
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/no report from kde \(test-results\/kde\.json\): its tests did not run to the end/);
  });
});
