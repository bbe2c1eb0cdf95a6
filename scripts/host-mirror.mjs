// Prints the host's Debian mirror and security mirror (from its own apt sources), for building test and demo chroots.
// usage: node scripts/host-mirror.mjs  →  "MIRROR SECURITY_MIRROR CODENAME"
import { mirrorFor, readOsRelease, readSources } from '@ltsp-update/engine';

const { codename } = await readOsRelease('/');
const sources = await readSources('/');
const mirror = codename && mirrorFor(sources, codename);
if (!mirror) {
  process.stderr.write(`host-mirror: no apt source on this host serves ${codename ?? 'its release'}; add one to /etc/apt/sources.list\n`);
  process.exit(72);
}
const security = mirrorFor(sources, `${codename}-security`) ?? '';
process.stdout.write(`${mirror} ${security} ${codename}\n`);
