// The steps several commands share: the session, apt-get update, the plan, and finishing a dpkg
// run that was cut short. A need is given where the commands run the step in different set-ups.
import { streamInside } from '../apt/apt-in-session.js';
import { planUpdates } from '../apt/plan-updates.js';
import { securityRulesFor } from '../apt/security.js';
import type { SessionNeed } from '../session/needs.js';
import { sharedCaches } from '../session/package-cache.js';
import { opened, type ChrootContext } from './chroot-context.js';
import { sessionFor } from './open-session.js';
import { dpkgInterrupted, recoverDpkg } from './recover-dpkg.js';
import type { Step } from './run-steps.js';
import { _f } from '../text/i18n.js';

/** Lock the chroot, clean a dead run's leftovers, and set it up for `need`. */
export function sessionStep<C extends ChrootContext>(need: SessionNeed): Step<C> {
  return {
    id: 'session',
    need,
    run: async (context) => {
      context.session = await sessionFor(context.chroot, context.options, need);
    },
  };
}

/** apt-get update; Error-Mode=any: a source that cannot be fetched fails it, instead of leaving old lists. */
export function aptUpdateStep<C extends ChrootContext>(need: SessionNeed): Step<C> {
  return {
    id: 'apt-update',
    need,
    run: async (context) => {
      await streamInside(opened(context), ['apt-get', '-q', '-o', 'APT::Update::Error-Mode=any', 'update'], {
        onOutput: context.output,
        ...(context.limit ? { signal: context.limit } : {}),
      });
    },
  };
}

/** Simulate the upgrade, classify the security updates and count the download. */
export function planStep<C extends ChrootContext>(need: SessionNeed): Step<C> {
  return {
    id: 'plan',
    need,
    run: async (context) => {
      const { chroot, options } = context;
      context.plan = await planUpdates(opened(context), securityRulesFor(chroot.distribution), sharedCaches(options.cacheDir, chroot), context.limit);
    },
  };
}

/** dpkg --configure -a (and apt-get -f install) when a dpkg run was cut short: before anything is planned. */
export const dpkgRecoverStep: Step<ChrootContext> = {
  id: 'dpkg-recover',
  need: 'install',
  skip: async (context) => ((await dpkgInterrupted(opened(context))) ? null : 'dpkg is clean'),
  run: async (context) => {
    const recovery = await recoverDpkg(opened(context), context.output);
    context.emit({ type: 'log', level: 'warning', chroot: context.name, message: _f('an interrupted update was finished: {actions}', { actions: recovery.actions.join('; ') }) });
  },
};
