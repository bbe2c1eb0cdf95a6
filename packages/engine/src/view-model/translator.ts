// How the shared model's words reach the person's language: each window hands in the catalogue
// it loaded (text/i18n.ts); the words are marked here with gettext/ngettext so xgettext collects
// them into po/ltsp-update.pot with the windows' own.
export { fill, untranslated, type Translator } from '../text/translator.js';
