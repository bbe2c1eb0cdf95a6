// Ubuntu's setting for which releases to offer: /etc/update-manager/release-upgrades, Prompt=lts|normal|never.
import { readInsideRoot } from '../fs/inside-root.js';
import type { PromptSetting, ReleaseEntry } from './distro-info.js';

/** The chroot's Prompt= setting; without one, "lts" on an LTS release and "normal" otherwise (update-manager's default). */
export function releasePrompt(root: string, current: ReleaseEntry | undefined, distribution: string | null): PromptSetting {
  if (distribution !== 'ubuntu') return 'normal';
  const text = readInsideRoot(root, '/etc/update-manager/release-upgrades', 16 * 1024)?.toString('utf8') ?? '';
  const value = /^\s*Prompt\s*=\s*(\w+)/m.exec(text)?.[1]?.toLowerCase();
  if (value === 'lts' || value === 'normal' || value === 'never') return value;
  return current?.lts ? 'lts' : 'normal';
}
