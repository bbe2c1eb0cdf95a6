// The tray's icon names against the real icon themes of GNOME and KDE Plasma on Debian 12
// (adwaita-icon-theme, breeze-icon-theme): each name is found the way a theme lookup finds it,
// in a folder the theme's index.theme lists, so no tray shows an empty square.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { icons } from '@ltsp-update/notifier';
import { describe, expect, it } from 'vitest';

const themes = { Adwaita: '/usr/share/icons/Adwaita', Breeze: '/usr/share/icons/breeze' };

/** The folders `index.theme` lists under Directories= (and ScaledDirectories=). */
function themeDirectories(theme: string): string[] {
  const index = readFileSync(path.join(theme, 'index.theme'), 'utf8');
  return [...index.matchAll(/^(?:Scaled)?Directories=(.*)$/gm)].flatMap((match) => (match[1] ?? '').split(',')).filter(Boolean);
}

/** Where the theme has `name` itself (not only its -symbolic form), as a lookup would find it. */
function lookUp(theme: string, name: string): string[] {
  return themeDirectories(theme).flatMap((folder) => ['png', 'svg'].map((ext) => path.join(theme, folder, `${name}.${ext}`))).filter((file) => existsSync(file));
}

describe('the tray icon names', () => {
  it('are one per state', () => {
    expect(new Set(Object.values(icons)).size).toBe(Object.keys(icons).length);
  });

  describe.each(Object.entries(themes))('in %s', (_theme, folder) => {
    it('the theme is installed', () => {
      expect(existsSync(path.join(folder, 'index.theme')), `${folder}/index.theme (apt-get install adwaita-icon-theme breeze-icon-theme)`).toBe(true);
    });
    it.each(Object.entries(icons))('has the %s icon, %s', (_state, name) => {
      expect(lookUp(folder, name)).not.toEqual([]);
    });
  });

  it('would not have found the names the notifier used before in Breeze (the check can fail)', () => {
    expect(lookUp(themes.Breeze, 'software-update-available')).toEqual([]);
    expect(lookUp(themes.Adwaita, 'software-update-available')).not.toEqual([]);
  });
});
