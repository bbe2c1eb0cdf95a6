// Tests that cannot do on this host what they would elsewhere assert what this host must do instead,
// and say so here; scripts/test-summary.mjs counts them in the suite's closing lines.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const record = path.resolve(import.meta.dirname, '../../test-results/reduced-forms.jsonl');

/** Note that the running test runs its reduced form on this host, and why. */
export function reducedForm(why: string): void {
  mkdirSync(path.dirname(record), { recursive: true });
  appendFileSync(record, `${JSON.stringify({ test: expect.getState().currentTestName ?? 'unknown', why })}\n`);
}
