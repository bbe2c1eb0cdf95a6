// Benchmark: the session notifier idle for a minute (LTSP_BENCH_IDLE_SECONDS), against an idle
// Node.js process measured the same way in the same run: CPU time, wake-ups (context switches)
// and resident memory. The notifier follows the status cache through inotify; it should wake
// no more than Node.js itself does.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const repo = path.resolve(import.meta.dirname, '../..');
const seconds = Number(process.env.LTSP_BENCH_IDLE_SECONDS ?? 60);
const ticks = 100; // USER_HZ on Linux

function sample(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return {
    cpuMs: ((Number(stat[11]) + Number(stat[12])) / ticks) * 1000,
    wakeups: field('voluntary_ctxt_switches') + field('nonvoluntary_ctxt_switches'),
    rssMb: field('VmRSS') / 1024,
  };
}

async function idle(label, child) {
  await sleep(3000);
  const before = sample(child.pid);
  await sleep(seconds * 1000);
  const after = sample(child.pid);
  const figures = { cpuMs: after.cpuMs - before.cpuMs, wakeups: after.wakeups - before.wakeups, rssMb: after.rssMb };
  console.log(`${label.padEnd(44)} CPU ${figures.cpuMs.toFixed(0).padStart(4)} ms, wake-ups ${String(figures.wakeups).padStart(4)}, RSS ${figures.rssMb.toFixed(1)} MB`);
  child.kill();
  return figures;
}

const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address'], { stdio: ['ignore', 'pipe', 'inherit'] });
const address = await new Promise((resolve) => bus.stdout.once('data', (chunk) => resolve(chunk.toString().trim())));
const state = mkdtempSync(path.join(tmpdir(), 'notifier-bench-'));
writeFileSync(path.join(state, 'status.json'), JSON.stringify({ v: 1, updated: new Date().toISOString(), chroots: [] }));

console.log(`idle for ${seconds} s after a 3 s start:`);
const baseline = await idle('baseline: node, an idle timer', spawn(process.execPath, ['-e', 'setInterval(() => {}, 2 ** 31 - 1)'], { stdio: 'ignore' }));
const notifier = await idle('ltsp-update-notifier', spawn(process.execPath, [path.join(repo, 'packages/notifier/bin/ltsp-update-notifier.js')], {
  stdio: 'ignore',
  env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: address, LTSP_UPDATE_STATE_DIR: state },
}));
bus.kill();
console.log(`\nwake-ups: ${notifier.wakeups} against ${baseline.wakeups} for idle Node.js (no polling means the same order)`);
console.log(`RSS: ${notifier.rssMb.toFixed(1)} MB, ${(notifier.rssMb / baseline.rssMb).toFixed(2)}x idle Node.js (goal: at most 80 MB)`);
