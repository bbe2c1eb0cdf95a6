// scripts/build-translations.sh OUT, the contract with the Debian packages: OUT/locale/LL/LC_MESSAGES/
// ltsp-update.mo per language, and OUT/data/BASENAME for every desktop entry, metainfo file and
// polkit policy with the translations merged in; the merged files still pass the validators.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const dataFiles = (await readFile(path.join(repo, 'po/POTFILES.data'), 'utf8')).split('\n').filter(Boolean);
let out: string;

beforeAll(async () => {
  out = path.join(await mkdtemp(path.join(os.tmpdir(), 'i18n-')), 'out');
  await execa('sh', [path.join(repo, 'scripts/build-translations.sh'), out]);
});

afterAll(async () => {
  if (out) await rm(path.dirname(out), { recursive: true, force: true });
});

describe('scripts/build-translations.sh OUT', () => {
  it('writes a catalogue per language and each data file under its own basename, nothing else', async () => {
    expect((await readdir(path.join(out, 'locale'))).sort()).toEqual(['ca', 'el']);
    for (const language of ['ca', 'el']) expect(await readdir(path.join(out, 'locale', language, 'LC_MESSAGES'))).toEqual(['ltsp-update.mo']);
    expect((await readdir(path.join(out, 'data'))).sort()).toEqual(dataFiles.map((file) => path.basename(file)).sort());
    expect(dataFiles).toEqual(expect.arrayContaining([
      'apps/gnome/data/org.ltsp.UpdateManager.desktop', 'apps/kde/data/org.ltsp.UpdateManager.KDE.desktop',
      'apps/gnome/data/org.ltsp.UpdateManager.metainfo.xml', 'apps/kde/data/org.ltsp.UpdateManager.KDE.metainfo.xml',
      'packages/notifier/data/ltsp-update-notifier.desktop', 'packages/engine/data/org.ltsp.update-manager.policy',
    ]));
  });

  it('does nothing the second time when no input changed', async () => {
    const stamp = await readFile(path.join(out, '.inputs'), 'utf8');
    const again = await execa('sh', ['-x', path.join(repo, 'scripts/build-translations.sh'), out]);
    expect(again.stderr).not.toMatch(/msgfmt/);
    expect(await readFile(path.join(out, '.inputs'), 'utf8')).toBe(stamp);
  });

  it.each(dataFiles.filter((file) => file.endsWith('.desktop')))('merges Name[el] and Name[ca] into %s, which desktop-file-validate still passes', async (file) => {
    const merged = path.join(out, 'data', path.basename(file));
    const text = await readFile(merged, 'utf8');
    expect(text).toMatch(/^Name\[el\]=\S/m);
    expect(text).toMatch(/^Name\[ca\]=\S/m);
    expect(text).toMatch(/^Comment\[el\]=\S/m);
    const result = await execa('desktop-file-validate', [merged], { reject: false, all: true });
    expect(result.all).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it.each(dataFiles.filter((file) => file.endsWith('.metainfo.xml')))('merges xml:lang names, summaries and descriptions into %s, which appstreamcli validate --pedantic still passes', async (file) => {
    const merged = path.join(out, 'data', path.basename(file));
    const text = await readFile(merged, 'utf8');
    for (const language of ['el', 'ca']) {
      for (const tag of ['name', 'summary', 'p', 'caption']) expect(text).toMatch(new RegExp(`<${tag} xml:lang="${language}">[^<]+</${tag}>`));
    }
    const result = await execa('appstreamcli', ['validate', '--pedantic', '--no-net', '--format=yaml', merged], { reject: false });
    expect(result.exitCode, result.stdout).toBe(0);
    // The same notes as the source's (test/desktop/conventions.test.ts says why they are accepted).
    const tags = [...result.stdout.matchAll(/- tag: (\S+)/g)].map((match) => match[1]);
    expect(tags.filter((tag) => tag !== 'cid-contains-uppercase-letter' && tag !== 'unknown-tag')).toEqual([]);
  });

  it('merges every action’s description and message of the polkit policy in both languages, and leaves the rest as it was', async () => {
    const source = await readFile(path.join(repo, 'packages/engine/data/org.ltsp.update-manager.policy'), 'utf8');
    const merged = await readFile(path.join(out, 'data/org.ltsp.update-manager.policy'), 'utf8');
    const actions = [...source.matchAll(/<action id="/g)].length;
    expect(actions).toBeGreaterThan(0);
    for (const language of ['el', 'ca']) {
      expect([...merged.matchAll(new RegExp(`<description xml:lang="${language}">[^<]+</description>`, 'g'))]).toHaveLength(actions);
      expect([...merged.matchAll(new RegExp(`<message xml:lang="${language}">[^<]+</message>`, 'g'))]).toHaveLength(actions);
    }
    const strip = (xml: string) => xml.replace(/\s*<(description|message) xml:lang="[^"]+">[^<]*<\/\1>/g, '').replace(/\s+/g, ' ');
    expect(strip(merged)).toBe(strip(source));
  });
});
