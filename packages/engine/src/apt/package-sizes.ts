// Reads the .deb size of given package versions from `apt-cache show NAME=VERSION…`.

/** Size in bytes per package name, from apt-cache show output (LC_ALL=C). */
export function parsePackageSizes(output: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const stanza of output.split(/\n\n+/)) {
    const name = /^Package: (\S+)$/m.exec(stanza)?.[1];
    const size = /^Size: (\d+)$/m.exec(stanza)?.[1];
    const arch = /^Architecture: (\S+)$/m.exec(stanza)?.[1];
    if (name === undefined || size === undefined) continue;
    sizes.set(name, Number(size));
    if (arch) sizes.set(`${name}:${arch}`, Number(size));
  }
  return sizes;
}
