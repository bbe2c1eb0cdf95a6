// Names (chroots, base dirs) are put in order by their code units, as `LC_ALL=C ls` does: the same
// order on every machine and in every language. A locale's collation would put "Lab" after
// "classroom", but localeCompare starts ICU's collator, about 7 ms of CPU at every start of
// ltsp-chroot that lists two chroots or more: more than the rest of an unchanged check's work.

/** A sort comparator: `a` before `b` when its code units come first. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
