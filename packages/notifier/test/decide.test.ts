import { describe, expect, it } from 'vitest';
import type { ChrootStatus } from '@ltsp-update/engine/protocol';
import { notifierState } from '../src/decide/notifier-state.js';
import { notificationFor } from '../src/decide/notify-policy.js';
import { windowCommand } from '../src/launch/show-updates.js';

function status(name: string, pending: number | null, security: number, extra: Partial<ChrootStatus> = {}): ChrootStatus {
  return {
    kind: 'chroot', name, path: `/srv/ltsp/${name}`, arch: 'amd64', verdict: 'native', verdictReason: 'runs natively', distribution: 'debian', release: 'bookworm',
    securityRules: 'debian', pending, security, downloadBytes: 0,
    packages: Array.from({ length: pending ?? 0 }, (_, i) => ({ name: `pkg${i}`, from: '1', to: '2', suite: null, security: i < security, sizeBytes: 1, isNew: false })),
    held: [], keptBack: [], keptBackReasons: [], mode: 'dist-upgrade', nextRelease: null, behindServer: false, packageManager: null, rebootRequired: false, image: null, aptInputs: null,
    lastCheck: null, lastRefresh: null, lastUpgrade: null, lastError: null, ...extra,
  };
}

describe('notifierState', () => {
  it('is passive when all is well, active with updates, urgent with security updates', () => {
    expect(notifierState([status('a', 0, 0)])).toMatchObject({ status: 'Passive', iconName: 'security-high' });
    expect(notifierState([status('a', 2, 0), status('b', 0, 0)])).toMatchObject({ status: 'Active', iconName: 'security-medium', title: 'Updates for 1 LTSP chroot' });
    expect(notifierState([status('a', 2, 1), status('b', 4, 0)])).toMatchObject({ status: 'NeedsAttention', title: 'Security updates for 1 LTSP chroot', pendingChroots: 2 });
  });

  it('lists every chroot in the tooltip, errors and unknown distributions included', () => {
    const state = notifierState([
      status('a', 1, 0),
      status('b', 0, 0, { nextRelease: 'trixie' }),
      status('c', null, 0, { lastError: { code: 'apt-failed', message: 'apt-get update failed', at: 'x' } }),
      status('d', 3, 0, { securityRules: 'unknown' }),
      status('e', null, 0, { verdict: 'unsupported' }),
      status('f', null, 0),
    ]);
    expect(state.lines).toEqual([
      'a: 1 update (0 security)', 'b: up to date; trixie is available', 'c: error: apt-get update failed', 'd: 3 updates', 'e: cannot run on this host', 'f: not checked yet',
    ]);
  });

  it('shows a chroot that could not be checked, and never as up to date', () => {
    expect(notifierState([status('c', 0, 0, { lastError: { code: 'apt-failed', message: 'x', at: 'x' } })])).toMatchObject({ status: 'Active', iconName: 'dialog-warning' });
  });
});

describe('the server beside its chroots', () => {
  const server = (pending: number, security: number, extra: Partial<ChrootStatus> = {}) => status('server', pending, security, { kind: 'server', path: '/', ...extra });

  it('is counted like a chroot, named first: one notice for the server and its chroots', () => {
    const state = notifierState([server(3, 1), status('amd64', 2, 0), status('server', 0, 0)]);
    expect(state).toMatchObject({ status: 'NeedsAttention', title: 'Security updates for this server', pendingChroots: 2, securityChroots: 1 });
    expect(state.lines).toEqual(['This server: 3 updates (1 security)', 'amd64: 2 updates (0 security)', 'server: up to date']);
    expect(notificationFor(new Set(), state)).toEqual({
      summary: 'Security updates for this server',
      body: 'This server: 3 updates (1 security)\namd64: 2 updates (0 security)',
      urgent: true,
    });
    expect(notifierState([server(3, 0), status('amd64', 2, 0)]).title).toBe('Updates for this server and 1 LTSP chroot');
    expect(notifierState([server(0, 0), status('amd64', 0, 0)]).title).toBe('This server and its LTSP chroots are up to date');
  });

  it('asks for a restart once the server is up to date but a package wants one', () => {
    expect(notifierState([server(0, 0, { rebootRequired: true }), status('amd64', 0, 0)])).toMatchObject({
      status: 'Active', iconName: 'dialog-information', title: 'Restart this server to finish its updates', lines: ['This server: up to date; restart the server to finish', 'amd64: up to date'],
    });
  });

  it('tells the server and a chroot of the same name apart when the pending set grows', () => {
    const before = notifierState([server(1, 0)]);
    expect(notificationFor(new Set(before.pendingKeys), notifierState([server(1, 0), status('server', 1, 0)]))).toBeDefined();
  });
});

describe('notificationFor', () => {
  it('notifies when the pending set grows, once', () => {
    const first = notifierState([status('a', 2, 1)]);
    const notification = notificationFor(new Set(), first);
    expect(notification).toEqual({ summary: 'Security updates for 1 LTSP chroot', body: 'a: 2 updates (1 security)', urgent: true });
    expect(notificationFor(new Set(first.pendingKeys), first)).toBeUndefined();
    expect(notificationFor(new Set(first.pendingKeys), notifierState([status('a', 1, 1)]))).toBeUndefined();
    expect(notificationFor(new Set(first.pendingKeys), notifierState([status('a', 3, 1)]))).toMatchObject({ urgent: true });
  });

  it('names every chroot with updates in its body, whatever its line says', () => {
    const state = notifierState([
      status('plain', 3, 0, { securityRules: 'unknown' }),
      status('moving', 2, 0, { nextRelease: 'trixie' }),
      status('current', 0, 0),
    ]);
    expect(notificationFor(new Set(), state)?.body).toBe('plain: 3 updates\nmoving: 2 updates (0 security); trixie is available');
  });
});

describe('windowCommand', () => {
  it('picks the window of the desktop in use', () => {
    expect(windowCommand({ XDG_CURRENT_DESKTOP: 'KDE' })).toBe('ltsp-update-kde');
    expect(windowCommand({ XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' })).toBe('ltsp-update-gnome');
    expect(windowCommand({})).toBe('ltsp-update-gnome');
  });
});
