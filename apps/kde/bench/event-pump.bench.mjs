// Benchmark: the smoke window idle under Xvfb with different event-pump settings, against node
// with a bare timer: CPU time of all threads (the scheduler's own count, /proc/PID/task/*/schedstat)
// and wake-ups, over LTSP_BENCH_IDLE_SECONDS (30) after 10 s for start-up (the first seconds still
// compile and collect). All run side by side, so they share whatever else the machine is doing;
// LTSP_BENCH_ROUNDS (1) repeats the whole set. Goal: the default pump under 1 % of a core.
// usage: npx turbo run build --filter=@ltsp-update/kde && node apps/kde/bench/event-pump.bench.mjs
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const app = path.resolve(import.meta.dirname, '..');
const seconds = Number(process.env.LTSP_BENCH_IDLE_SECONDS ?? 30);
const rounds = Number(process.env.LTSP_BENCH_ROUNDS ?? 1);

/** CPU nanoseconds and context switches of all of a process's threads so far. */
function sample(pid) {
  let cpuNs = 0;
  let wakeups = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    cpuNs += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    for (const name of ['voluntary_ctxt_switches', 'nonvoluntary_ctxt_switches']) {
      wakeups += Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
    }
  }
  return { cpuNs, wakeups };
}

// The smoke window with the given pump options, or no pump at all (null).
const windowScript = (options) => `
  process.title = 'ltsp-update-kde';
  const qt = await import('./dist/qt.js');
  const { createSmokeWindow } = await import('./dist/smoke-window.js');
  const { window } = createSmokeWindow(() => process.exit(0));
  window.show();
  ${options === null ? 'setInterval(() => {}, 2 ** 31 - 1);' : `qt.startEventPump(window, ${JSON.stringify(options)});`}
`;
const windowWith = (options, env = {}) => ({ args: ['--input-type=module', '-e', windowScript(options)], env });
const cases = [
  ['node, a bare 16 ms timer (no Qt)', { args: ['-e', 'setInterval(() => {}, 16)'] }],
  ['node, a bare 50 ms timer (no Qt)', { args: ['-e', 'setInterval(() => {}, 50)'] }],
  ['window, no pump (Qt never runs: not usable)', windowWith(null)],
  ...[16, 33, 50, 100].map((ms) => [`window, pump every ${ms} ms`, windowWith({ activeMs: ms, idleMs: ms })]),
  ['window, default pump (16 ms while busy, else 50 ms)', windowWith({})],
  ['window, default pump, QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1', windowWith({}, { QT_LINUX_ACCESSIBILITY_ALWAYS_ON: '1' })],
];

const xvfb = spawn('Xvfb', ['-displayfd', '1', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'pipe', 'ignore'] });
const display = `:${await new Promise((resolve) => xvfb.stdout.once('data', (chunk) => resolve(chunk.toString().trim())))}`;
try {
  for (let round = 1; round <= rounds; round++) {
    console.log(`round ${round}: idle for ${seconds} s after a 10 s start, display ${display}`);
    const children = cases.map(([, { args, env }]) => spawn(process.execPath, args, {
      cwd: app,
      stdio: 'ignore',
      env: { ...process.env, DISPLAY: display, QT_QPA_PLATFORM: 'xcb', ...env },
    }));
    await sleep(10_000);
    const before = children.map((child) => sample(child.pid));
    await sleep(seconds * 1000);
    const after = children.map((child) => sample(child.pid));
    for (const [index, [label]] of cases.entries()) {
      const percent = (after[index].cpuNs - before[index].cpuNs) / (seconds * 1e9) * 100;
      const perSecond = (after[index].wakeups - before[index].wakeups) / seconds;
      console.log(`  ${label.padEnd(58)} ${percent.toFixed(2).padStart(5)} % of a core, ${perSecond.toFixed(0).padStart(3)} wake-ups/s`);
    }
    for (const child of children) child.kill('SIGKILL');
  }
} finally {
  xvfb.kill();
}
