// The UI-neutral presentation shared by the GNOME and KDE windows.
export { UpdatesModel } from './updates-model.js';
export type { ModelDeps } from './updates-model.js';
export type { ChrootRow, ModelActions, ModelError, ModelState, PackageRow, PageState, Placeholder, ReleaseOffer } from './model-state.js';
export { failureLabel, listLabel, releaseLabel, sizeLabel, subtitleLabel, summaryLabel, versionDateLabel, versionLabel } from './format.js';
export type { DateStyle } from './format.js';
export { fill, untranslated } from './translator.js';
export type { Translator } from './translator.js';
