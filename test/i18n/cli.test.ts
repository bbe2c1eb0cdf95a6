// The real ltsp-chroot speaks the administrator's language: its errors and its tables in Greek
// under LANG=el_GR.UTF-8 and in Catalan under LANG=ca_ES.UTF-8 (the locales set-up generates),
// from the catalogues the build merged; --json keeps its machine fields, the message is the person's.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastEvent, ltspChroot } from '../helpers/cli.js';
import { useScratchTree } from '../helpers/scratch-tree.js';

const repo = path.resolve(import.meta.dirname, '../..');
const tree = useScratchTree('i18n-cli');
const common = () => ['--base-dir', tree.base, '--state-dir', tree.state, '--tftp-dir', tree.tftp];

beforeAll(async () => {
  // The catalogues a checkout's CLI reads (a no-op after the build made them).
  await execa('sh', [path.join(repo, 'scripts/build-translations.sh')]);
  // A tree with a proc folder is a chroot to `list`; with no shell in it, its architecture is unknown.
  await mkdir(path.join(tree.base, 'classroom/proc'), { recursive: true });
});

const cases = [
  {
    lang: 'el_GR.UTF-8',
    badName: 'ltsp-chroot: Το «../x» δεν είναι όνομα chroot: δώστε το όνομα ενός καταλόγου στον βασικό κατάλογο, όπως το δείχνει το «ltsp-chroot list»',
    header: /^ΟΝΟΜΑ\s+ΔΙΑΤΑΞΗ\s+ΕΚΔΟΣΗ\s+ΑΡΧΙΤ\.\s+ΣΥΣΤΗΜΑ\s+ΠΥΡΗΝΑΣ\s+ΑΝΤΙΓΡΑΦΟ TFTP\s+ΕΙΚΟΝΑ$/m,
    note: 'classroom: η αρχιτεκτονική του είναι άγνωστη: δεν υπάρχει κατάσταση dpkg ούτε αναγνώσιμο /bin/sh',
  },
  {
    lang: 'ca_ES.UTF-8',
    badName: 'ltsp-chroot: «../x» no és el nom d\'un chroot: indiqueu el nom d\'un directori del directori base, tal com el mostra «ltsp-chroot list»',
    header: /^NOM\s+DISPOSICIÓ\s+VERSIÓ\s+ARQ\.\s+AMFITRIÓ\s+NUCLI\s+CÒPIA TFTP\s+IMATGE$/m,
    note: 'classroom: la seva arquitectura és desconeguda: no hi ha estat del dpkg ni cap /bin/sh llegible',
  },
];

describe.each(cases)('ltsp-chroot under LANG=$lang', ({ lang, badName, header, note }) => {
  const env = { LANG: lang, LC_ALL: undefined, LANGUAGE: undefined };

  it('says a bad chroot name is one, in that language, with the same exit code', async () => {
    const result = await ltspChroot(['exec', ...common(), '../x', '--', 'true'], { env });
    expect(result.stderr.trim()).toBe(badName);
    expect(result.exitCode).toBe(65);
  });

  it('keeps the JSON error’s code and exit code, and words its message for the person', async () => {
    const result = await ltspChroot(['exec', '--json', ...common(), '../x', '--', 'true'], { env });
    expect(lastEvent(result.stdout)).toMatchObject({ type: 'error', code: 'bad-name', exitCode: 65, message: badName.replace(/^ltsp-chroot: /, '') });
  });

  it('lists the chroots with the table’s headings and the notes in that language', async () => {
    const result = await ltspChroot(['list', ...common()], { env });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(header);
    expect(result.stdout).toContain(note);
  });
});

describe('ltsp-chroot --language', () => {
  it('speaks the language it is given, as the windows ask through pkexec, which clears LANG', async () => {
    const result = await ltspChroot(['list', ...common(), '--language', 'ca_ES'], { env: { LANG: 'C.UTF-8' } });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(cases[1]?.header as RegExp);
  });

  it('takes a language name only, never a path', async () => {
    const result = await ltspChroot(['list', ...common(), '--language=../../tmp'], { env: { LANG: 'C.UTF-8' } });
    expect(result.stderr.trim()).toBe('ltsp-chroot: --language takes a language name such as el or ca_ES, not "../../tmp"');
    expect(result.exitCode).toBe(64);
  });
});

describe('ltsp-chroot under LANG=C.UTF-8', () => {
  it('speaks English, whatever LANGUAGE says (as GNU gettext, which ignores it under the C locale)', async () => {
    const result = await ltspChroot(['exec', ...common(), '../x', '--', 'true'], { env: { LANG: 'C.UTF-8', LANGUAGE: 'el:ca' } });
    expect(result.stderr).toMatch(/^ltsp-chroot: "\.\.\/x" is not a chroot name/);
  });
});
