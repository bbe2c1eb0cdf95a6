// Lists every npm module that esbuild put into the packaged bundles (from their metafiles), with
// its version and licence as its package.json gives them: what debian/copyright refers to.
// usage: node debian/third-party.mjs META.json…
import { readFileSync } from 'node:fs';
import path from 'node:path';

const modules = new Map();
for (const file of process.argv.slice(2)) {
  const { inputs } = JSON.parse(readFileSync(file, 'utf8'));
  for (const input of Object.keys(inputs)) {
    // The last node_modules/NAME (or node_modules/@SCOPE/NAME) in the path is the module itself.
    const match = /^(.*node_modules\/((?:@[^/]+\/)?[^/]+))\//.exec(input);
    if (!match) continue;
    const [, dir, name] = match;
    if (modules.has(name)) continue;
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    modules.set(name, `${name} ${manifest.version}: ${typeof manifest.license === 'string' ? manifest.license : 'see its package'}`);
  }
}
process.stdout.write('npm modules bundled into /usr/lib/ltsp-update (name, version: licence)\n\n');
process.stdout.write([...modules.values()].sort().join('\n') + '\n');
