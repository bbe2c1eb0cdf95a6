// What a step does inside a chroot decides what its session puts there: the daemon guard only for
// maintainer scripts, the network and the package cache only for what fetches, and nothing at all
// while a snapshot copies the chroot or LTSP reads it. Every pipeline sets a session up this one way.

/**
 * `lock`: the chroot is held and nothing of ours is in it (a snapshot, LTSP's own steps);
 * `read`: apt's read-only commands, no network; `fetch`: apt-get update and downloads;
 * `install`: maintainer scripts run, so daemons are kept from starting.
 */
export type SessionNeed = 'lock' | 'read' | 'fetch' | 'install';

/** What a session puts in the chroot. */
export interface SetUp {
  /** Bind-mount a host package cache shared by chroots of the same distribution, release and architecture. */
  mountPackageCache: boolean;
  /** Let apt inside run although the session holds its lock; apt's read-only commands take no lock. */
  aptWrites: boolean;
  /** Install the policy-rc.d that keeps daemons from starting; only maintainer scripts need it. */
  guardDaemons: boolean;
  /** Share the host's network and put its resolv.conf in; only what fetches needs it. */
  network: boolean;
}

const nothing: SetUp = { mountPackageCache: false, aptWrites: false, guardDaemons: false, network: false };

/** The set-up of each need. `lock` and `read` put the same (nothing) in place: moving between them costs nothing. */
export const setUpFor: Readonly<Record<SessionNeed, Readonly<SetUp>>> = {
  lock: nothing,
  read: nothing,
  fetch: { mountPackageCache: true, aptWrites: true, guardDaemons: false, network: true },
  install: { mountPackageCache: true, aptWrites: true, guardDaemons: true, network: true },
};

/**
 * A mover from need to need, starting from `current`: `redo` (undo the set-up, then make the new
 * one) runs only when the next need sets up something else. After a `redo` that failed the
 * set-up is unknown, so the next move redoes it whatever it is.
 */
export function followNeeds(current: Readonly<SetUp>, redo: (next: Readonly<SetUp>) => Promise<void>): (need: SessionNeed) => Promise<void> {
  let now: Readonly<SetUp> | undefined = current;
  return async (need) => {
    const next = setUpFor[need];
    if (now !== undefined && sameSetUp(now, next)) return;
    now = undefined;
    await redo(next);
    now = next;
  };
}

function sameSetUp(a: Readonly<SetUp>, b: Readonly<SetUp>): boolean {
  return a.mountPackageCache === b.mountPackageCache && a.aptWrites === b.aptWrites && a.guardDaemons === b.guardDaemons && a.network === b.network;
}
