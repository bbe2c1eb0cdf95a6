// The translations of the CLI, the notifier and both windows: one loader, one catalogue per language.
export { _, _f, _n, N_, Nn_, loadTranslator, localeDirs, textDomain, translator, wantedLanguages } from '../text/i18n.js';
export { fill, untranslated } from '../text/translator.js';
export type { Translator } from '../text/translator.js';
