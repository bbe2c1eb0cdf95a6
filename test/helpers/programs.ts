// Which programs the integration tests run. The suite (scripts/run-tests.sh, which `npm test` and
// CI run after the set-up installed the Debian packages it built) sets LTSP_UPDATE_TEST_PROGRAMS
// to "installed": every test then runs the packages' files, /usr/sbin/ltsp-chroot and
// /usr/bin/ltsp-update-{notifier,gnome,kde}, as an administrator has them. Unset (a developer's
// `npx vitest run`), the tests run this checkout's bin scripts and its workspaces' dist, with no
// package to rebuild after an edit. Either way a program is a Node.js script, run by this Node.
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');

/** True when the tests run the installed packages' programs (the suite's mode). */
export const installedPrograms = process.env['LTSP_UPDATE_TEST_PROGRAMS'] === 'installed';

export type ProgramName = 'ltsp-chroot' | 'ltsp-update-notifier' | 'ltsp-update-gnome' | 'ltsp-update-kde';

/** Where the packages install each program (debian/*.links). */
export const installedPath: Readonly<Record<ProgramName, string>> = {
  'ltsp-chroot': '/usr/sbin/ltsp-chroot',
  'ltsp-update-notifier': '/usr/bin/ltsp-update-notifier',
  'ltsp-update-gnome': '/usr/bin/ltsp-update-gnome',
  'ltsp-update-kde': '/usr/bin/ltsp-update-kde',
};

/** Each program's bin script in this checkout. */
export const checkoutPath: Readonly<Record<ProgramName, string>> = {
  'ltsp-chroot': path.join(repo, 'packages/engine/bin/ltsp-chroot.js'),
  'ltsp-update-notifier': path.join(repo, 'packages/notifier/bin/ltsp-update-notifier.js'),
  'ltsp-update-gnome': path.join(repo, 'apps/gnome/bin/ltsp-update-gnome.js'),
  'ltsp-update-kde': path.join(repo, 'apps/kde/bin/ltsp-update-kde.js'),
};

/** The script file of program `name` that the tests run: the installed one in the suite, else the checkout's. */
export function programFile(name: ProgramName): string {
  return installedPrograms ? installedPath[name] : checkoutPath[name];
}

/** The installed engine's bundle folder, which a disposable server gets bind-mounted at the same path. */
export const installedLib = '/usr/lib/ltsp-update';
