// The UI-neutral presentation shared by the GNOME and KDE windows.
export { UpdatesModel } from './updates-model.js';
export type { ChrootRow, ModelDeps, ModelState, PackageRow, PageState } from './updates-model.js';
export { releaseLabel, sizeLabel, summaryLabel, versionLabel } from './format.js';
export { fill, untranslated } from './translator.js';
export type { Translator } from './translator.js';
