// Finds the squashfs/NBD images LTSP serves: <base>/images/<name>.img, and which version is live when the engine publishes them.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ImageInfo } from '../protocol/chroot.js';
import { imagePaths, versionState, type ImagePaths } from '../publish/version-store.js';

export interface FoundImage {
  name: string;
  baseDir: string;
  image: ImageInfo;
}

/** Every <name>.img in each base dir's images/ folder (not the .img.old backups). */
export async function findImages(baseDirs: readonly string[], tftpDir: string, now = Date.now()): Promise<FoundImage[]> {
  const perBase = await Promise.all(baseDirs.map(async (baseDir) => {
    const dir = path.join(baseDir, 'images');
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    const images = await Promise.all(names.filter((file) => file.endsWith('.img')).map(async (file) => {
      const name = file.slice(0, -'.img'.length);
      const info = await imageInfo(path.join(dir, file), now, imagePaths(baseDir, tftpDir, name));
      return info && { name, baseDir, image: info };
    }));
    return images.filter((image) => image !== undefined);
  }));
  return perBase.flat();
}

async function imageInfo(file: string, now: number, paths: ImagePaths): Promise<ImageInfo | undefined> {
  try {
    const info = statSync(file);
    if (!info.isFile()) return undefined;
    return {
      path: file,
      mtime: info.mtime.toISOString(),
      ageSeconds: Math.max(0, Math.round((now - info.mtimeMs) / 1000)),
      sizeBytes: info.size,
      ...versionState(paths),
    };
  } catch {
    return undefined;
  }
}
