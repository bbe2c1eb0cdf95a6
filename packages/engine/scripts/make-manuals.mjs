// Writes the manual pages and shell completions into dist/ from the program's own definition
// (dist/cli/program.js, which tsc has just built) and the prose in man/*.json, so that neither
// can drift from --help. Run by the engine's build script after tsc.
// Output: dist/man/ltsp-chroot.8 and the short pages, dist/completion/ltsp-chroot.bash, _ltsp-chroot.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
// A default taken from the builder's environment would end up in the manual.
delete process.env.LTSP_UPDATE_STATE_DIR;

const { buildProgram } = await import(path.join(root, 'dist/cli/program.js'));
const { describeProgram } = await import(path.join(root, 'dist/cli/docs/describe-program.js'));
const { cliManual } = await import(path.join(root, 'dist/cli/docs/cli-manual.js'));
const { renderPage, sourceSections } = await import(path.join(root, 'dist/cli/docs/manual-page.js'));
const { bashCompletion } = await import(path.join(root, 'dist/cli/docs/completion-bash.js'));
const { zshCompletion } = await import(path.join(root, 'dist/cli/docs/completion-zsh.js'));
const { engineVersion } = await import(path.join(root, 'dist/cli/version.js'));

// The same date for the same sources: Debian builds set SOURCE_DATE_EPOCH.
const epoch = process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.now();
const meta = { version: engineVersion, date: new Date(epoch).toISOString().slice(0, 10) };

const program = describeProgram(buildProgram(() => undefined));
const source = async (name) => JSON.parse(await readFile(path.join(root, 'man', `${name}.json`), 'utf8'));

await mkdir(path.join(root, 'dist/man'), { recursive: true });
await mkdir(path.join(root, 'dist/completion'), { recursive: true });
await writeFile(path.join(root, 'dist/man/ltsp-chroot.8'), cliManual(program, await source('ltsp-chroot'), meta));
for (const name of ['ltsp-update-notifier', 'ltsp-update-gnome', 'ltsp-update-kde']) {
  const page = await source(name);
  await writeFile(path.join(root, 'dist/man', `${name}.${page.section}`), renderPage(page, meta, sourceSections(page, [])));
}
await writeFile(path.join(root, 'dist/completion/ltsp-chroot.bash'), bashCompletion(program));
await writeFile(path.join(root, 'dist/completion/_ltsp-chroot'), zshCompletion(program));
