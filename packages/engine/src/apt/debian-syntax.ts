// Debian's syntax for package names and versions (Policy 5.6.1 and 5.6.12), to check what a chroot's apt
// prints before any of it becomes an argument of another command or a file name.

// At least two characters of a-z, 0-9, +, - and ., starting alphanumeric; apt adds ":arch" for foreign packages.
const packageName = /^[a-z0-9][a-z0-9+.-]+(:[a-z0-9-]+)?$/;
// [epoch:]upstream[-revision]: digits, letters and . + ~ - : only, starting alphanumeric after any epoch.
const version = /^([0-9]+:)?[A-Za-z0-9][A-Za-z0-9.+~:-]*$/;

/** True for a name apt could really have printed for a package. */
export function isPackageName(name: string): boolean {
  return packageName.test(name);
}

/** True for a version string in Debian's syntax. */
export function isVersion(text: string): boolean {
  return version.test(text);
}
