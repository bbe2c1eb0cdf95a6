import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../../src/errors/engine-error.js';
import type { EventBody } from '../../src/pipeline/emit.js';
import { runSteps, stepIds, type Step, type StepContext, type StepList } from '../../src/pipeline/run-steps.js';
import { followNeeds, setUpFor, type SessionNeed } from '../../src/session/needs.js';

interface TestContext extends StepContext {
  ran: string[];
}

/** A context whose session is a boundary fake: it counts its set-ups and closes, nothing else. */
function context(phases?: Record<string, number>) {
  const events: EventBody[] = [];
  const counts = { teardowns: 0, prepares: 0, closes: 0 };
  const session = {
    need: followNeeds(setUpFor.read, async () => {
      counts.teardowns++;
      counts.prepares++;
    }),
    close: async () => {
      counts.closes++;
      return { done: [], problems: [] };
    },
  };
  const ctx: TestContext = { name: 'alpha', emit: (event) => events.push(event), session, ran: [], ...(phases ? { phases } : {}) };
  return { ctx, events, counts };
}

/** A step that records that it ran and takes `ms` of the (fake) clock. */
function step(id: Step<TestContext>['id'], more: Partial<Step<TestContext>> = {}, ms = 10): Step<TestContext> {
  return {
    id,
    run: async (c) => {
      c.ran.push(id);
      vi.setSystemTime(Date.now() + ms);
    },
    ...more,
  };
}

const states = (events: EventBody[]) => events.map((event) => (event.type === 'step' ? `${event.step} ${event.state}` : event.type));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the step runner', () => {
  it('runs the steps in the order of the list, each started then done with its duration, and closes the session', async () => {
    const { ctx, events, counts } = context();
    await runSteps([step('session'), step('plan', {}, 25), step('status')], ctx);
    expect(ctx.ran).toEqual(['session', 'plan', 'status']);
    expect(states(events)).toEqual(['session started', 'session done', 'plan started', 'plan done', 'status started', 'status done']);
    expect(events[3]).toEqual({ type: 'step', chroot: 'alpha', step: 'plan', state: 'done', durationMs: 25 });
    expect(counts.closes).toBe(1);
  });

  it('says what the session could not take down, and where to retry it', async () => {
    const { ctx, events } = context();
    ctx.session = { ...ctx.session!, close: async () => ({ done: [], problems: ['swap /srv/ltsp/alpha/usr/sbin/policy-rc.d: EBUSY'] }) };
    await runSteps([step('session')], ctx);
    expect(events.at(-1)).toEqual({
      type: 'log', level: 'warning', chroot: 'alpha',
      message: 'alpha\'s session could not be taken down whole: swap /srv/ltsp/alpha/usr/sbin/policy-rc.d: EBUSY; run "ltsp-chroot cleanup" to retry',
    });
  });

  it('reports a skipped step with its reason and does not run it; a step left out says nothing', async () => {
    const { ctx, events } = context();
    await runSteps([
      step('dpkg-recover', { skip: async () => 'dpkg is clean' }),
      step('snapshot', { when: () => false }),
      step('install', { skip: () => null }),
    ], ctx);
    expect(ctx.ran).toEqual(['install']);
    expect(events[0]).toEqual({ type: 'step', chroot: 'alpha', step: 'dpkg-recover', state: 'skipped', message: 'dpkg is clean' });
    expect(states(events)).toEqual(['dpkg-recover skipped', 'install started', 'install done']);
  });

  it('stops at a failure: the failed event carries its message, later steps do not run, the error is thrown', async () => {
    const { ctx, events, counts } = context();
    const failing = step('install', { run: async () => { throw new EngineError('apt-failed', 'apt-get dist-upgrade failed for alpha: E: broken'); } });
    await expect(runSteps([step('session'), failing, step('image'), step('kernel')], ctx)).rejects.toMatchObject({ code: 'apt-failed' });
    expect(ctx.ran).toEqual(['session']);
    expect(events.at(-1)).toEqual({ type: 'step', chroot: 'alpha', step: 'install', state: 'failed', durationMs: 0, message: 'apt-get dist-upgrade failed for alpha: E: broken' });
    expect(counts.closes).toBe(1);
  });

  it('still runs the steps marked always after a failure, which see it and may replace what is thrown', async () => {
    const { ctx, events } = context();
    const seen: unknown[] = [];
    const list: StepList<TestContext> = [
      step('sources', { run: async () => { throw new Error('disk gone'); } }),
      step('apt-update'),
      step('status', { always: true, run: async (c) => { seen.push(c.failure?.error); } }),
      step('rollback', { always: true, run: async (c) => { c.failure = { error: new EngineError('apt-failed', 'rolled back') }; } }),
    ];
    await expect(runSteps(list, ctx)).rejects.toMatchObject({ shortMessage: 'rolled back' });
    expect(seen).toEqual([new Error('disk gone')]);
    expect(states(events)).toEqual(['sources started', 'sources failed', 'status started', 'status done', 'rollback started', 'rollback done']);
  });

  it('refuses with no step event when a gate or a skip decision throws', async () => {
    for (const refusal of [{ gate: async () => { throw new Error('no'); } }, step('image', { skip: () => { throw new Error('no'); } })]) {
      const { ctx, events } = context();
      await expect(runSteps([refusal, step('kernel'), step('status', { always: true })], ctx)).rejects.toThrow('no');
      expect(states(events)).toEqual(['status started', 'status done']);
    }
  });

  it('sums the durations of the steps that ran, per step id, into the phases', async () => {
    const phases: Record<string, number> = {};
    const { ctx } = context(phases);
    await runSteps([step('apt-update', {}, 100), step('install', {}, 30), step('apt-update', {}, 5), step('install', {}, 7), step('image', { skip: () => 'not served as an image' })], ctx);
    expect(phases).toEqual({ 'apt-update': 105, install: 37 });
  });

  it('moves the session to each step\'s need, and sets it up again only when the need sets up something else', async () => {
    const { ctx, counts } = context();
    const needing = (id: Step<TestContext>['id'], need: SessionNeed, more: Partial<Step<TestContext>> = {}) => step(id, { need, ...more });
    // read → lock → read: nothing to redo; fetch, fetch: once; a skipped step does not move it.
    await runSteps([
      needing('session', 'read'), needing('snapshot', 'lock'), needing('preflight', 'read'),
      needing('apt-update', 'fetch'), needing('download', 'fetch'), needing('install', 'install', { skip: () => 'nothing to install' }),
      needing('dpkg-recover', 'install'), step('sources'), needing('image', 'lock'),
    ], ctx);
    expect(counts).toEqual({ teardowns: 3, prepares: 3, closes: 1 });
  });

  it('runs a step of one kind of target only for that kind, and says nothing of it elsewhere', async () => {
    const chroot = context();
    await runSteps([step('session'), step('initrd', { kind: 'server' }), step('status')], { ...chroot.ctx, kind: 'chroot' });
    expect(states(chroot.events)).toEqual(['session started', 'session done', 'status started', 'status done']);
    expect(chroot.ctx.ran).toEqual(['session', 'status']);
    const server = context();
    await runSteps([step('session'), step('initrd', { kind: 'server' })], { ...server.ctx, kind: 'server' });
    expect(server.ctx.ran).toEqual(['session', 'initrd']);
    expect(states(server.events)).toContain('initrd done');
  });

  it('lists the step ids a list declares, gates left out', () => {
    expect(stepIds([step('session'), { gate: async () => {} }, step('install'), step('install')])).toEqual(['session', 'install', 'install']);
    // A step of one kind of target is left out of the other's run, and out of its declared ids.
    const list = [step('session'), step('initrd', { kind: 'server' }), step('status')];
    expect(stepIds(list, 'chroot')).toEqual(['session', 'status']);
    expect(stepIds(list, 'server')).toEqual(['session', 'initrd', 'status']);
  });
});
