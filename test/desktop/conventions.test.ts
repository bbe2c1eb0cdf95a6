// The desktop entries and metainfo as shipped, through the validators Debian's tools and software
// centres use (desktop-file-validate, appstreamcli validate --pedantic), so they stay clean.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const desktopFiles = [
  'apps/gnome/data/org.ltsp.UpdateManager.desktop',
  'apps/kde/data/org.ltsp.UpdateManager.KDE.desktop',
  'packages/notifier/data/ltsp-update-notifier.desktop',
];
const apps = [
  { dir: 'apps/gnome', id: 'org.ltsp.UpdateManager', windowTest: 'test/gnome/window.test.ts' },
  { dir: 'apps/kde', id: 'org.ltsp.UpdateManager.KDE', windowTest: 'test/kde/window.test.ts' },
];

// The only notes appstreamcli 0.16.1 (Debian 12) may give, and why each is accepted:
const accepted = new Set([
  // The id is also the GApplication and D-Bus name, which DBusActivatable ties to the desktop
  // file's name; GNOME's own (org.gnome.Weather) draw the same note.
  'cid-contains-uppercase-letter',
  // <developer id> is AppStream 1.0's; 0.16 does not know it yet (developer_name stands beside it).
  'unknown-tag developer',
]);

describe('desktop entries', () => {
  it.each(desktopFiles)('%s passes desktop-file-validate with nothing to say', async (file) => {
    const result = await execa('desktop-file-validate', [path.join(repo, file)], { reject: false, all: true });
    expect(result.all).toBe('');
    expect(result.exitCode).toBe(0);
  });
});

describe.each(apps)('metainfo of $id', ({ dir, id, windowTest }) => {
  const file = path.join(repo, dir, 'data', `${id}.metainfo.xml`);
  const xml = readFileSync(file, 'utf8');

  it('passes appstreamcli validate --pedantic with only the accepted notes', async () => {
    const result = await execa('appstreamcli', ['validate', '--pedantic', '--no-net', '--format=yaml', file], { reject: false });
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.stdout).toMatch(/^Passed: yes$/m);
    const notes = [...result.stdout.matchAll(/- tag: (\S+)\n(?:\s+\w+:.*\n)*?\s+hint: (.*)/g)].map(([, tag, hint]) => (tag === 'unknown-tag' ? `${tag} ${hint}` : tag));
    // Every note was read (a format change cannot hide one), and each is an accepted one.
    expect(notes).toHaveLength([...result.stdout.matchAll(/^- tag: /gm)].length);
    expect(notes.filter((note) => !accepted.has(note ?? ''))).toEqual([]);
  });

  it('names the release in package.json, the shipped desktop entry, the installed binary, a developer and URLs', () => {
    const manifest = JSON.parse(readFileSync(path.join(repo, dir, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    expect(xml).toContain(`<release version="${manifest.version}"`);
    expect(xml).toContain(`<launchable type="desktop-id">${id}.desktop</launchable>`);
    expect(readFileSync(path.join(repo, dir, 'data', `${id}.desktop`), 'utf8')).toMatch(/^\[Desktop Entry\]/);
    for (const binary of Object.keys(manifest.bin)) expect(xml).toContain(`<binary>${binary}</binary>`);
    expect(xml).toMatch(/<developer id="[^"]+">/);
    expect(xml).toMatch(/<url type="homepage">https:\/\//);
    expect(xml).toMatch(/<url type="bugtracker">https:\/\//);
    expect(xml).toContain('<content_rating type="oars-1.1"/>');
  });

  it('shows screenshots that its window test really takes', () => {
    const shots = [...xml.matchAll(/<image type="source"[^>]*>https:\/\/[^<]*\/screenshots\/[a-z]+\/([\w-]+\.png)<\/image>/g)].map((match) => match[1]);
    expect(shots.length).toBeGreaterThan(0);
    const test = readFileSync(path.join(repo, windowTest), 'utf8');
    for (const shot of shots) expect(test, `${windowTest} photographs ${String(shot)}`).toContain(`'${String(shot)}'`);
  });
});
