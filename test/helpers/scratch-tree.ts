// A scratch LTSP tree per test file: made before its tests, checked for leaked mounts after each, removed at the end.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { mountsUnder, removeScratch, scratchDir } from './fixtures.js';

export interface ScratchTree {
  /** The scratch folder itself. */
  root: string;
  /** A modern base dir, `<root>/srv/ltsp`. */
  base: string;
  /** An LTSP5-style base dir, `<root>/opt/ltsp`. */
  legacy: string;
  tftp: string;
  state: string;
}

/** Register the hooks and give the tree's paths (filled in before the first test runs). */
export function useScratchTree(label: string): ScratchTree {
  const tree = {} as ScratchTree;
  beforeAll(async () => {
    tree.root = await scratchDir(label);
    tree.base = path.join(tree.root, 'srv/ltsp');
    tree.legacy = path.join(tree.root, 'opt/ltsp');
    tree.tftp = path.join(tree.root, 'srv/tftp');
    tree.state = path.join(tree.root, 'state');
    await mkdir(tree.base, { recursive: true });
    await mkdir(tree.legacy, { recursive: true });
  });
  afterEach(async () => {
    // Every exit path takes every mount down: a leak fails the test that caused it.
    expect(await mountsUnder(tree.root)).toEqual([]);
  });
  afterAll(async () => {
    if (tree.root) await removeScratch(tree.root);
  });
  return tree;
}
