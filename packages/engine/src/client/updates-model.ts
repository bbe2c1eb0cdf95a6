// The one way both applications build their model (the view-model itself reaches no process): the state dir from the environment, the
// status cache as the first thing shown, the engine through pkexec (directly when already root),
// the window's translator (and its language, passed to the engine), LTSP_UPDATE_NO_CHECK for a window that must not start apt, and
// LTSP_UPDATE_ENGINE for an engine of its own when run as root (see RunEngineOptions.engine).
import { defaults } from '../config/options.js';
import { readStatusCache } from '../status/status-cache.js';
import type { Translator } from '../view-model/translator.js';
import { UpdatesModel } from '../view-model/updates-model.js';
import { runEngine } from './run-engine.js';
import { isLanguageName, wantedLanguages } from '../text/i18n.js';

/** The model of an update window started with `env`. */
export function createUpdatesModel(translator: Translator, env: NodeJS.ProcessEnv = process.env): UpdatesModel {
  const stateDir = env['LTSP_UPDATE_STATE_DIR'] || defaults.stateDir;
  // The engine's messages in the window's language: pkexec gives the engine no LANG of ours.
  const language = wantedLanguages(env).find(isLanguageName);
  const withLanguage = (args: readonly string[]) => (language === undefined ? args : [...args, '--language', language]);
  return new UpdatesModel({
    readStatus: () => readStatusCache(stateDir).chroots,
    run: (args) => runEngine(withLanguage(args), { env, engine: env['LTSP_UPDATE_ENGINE'] || undefined }),
    translator,
    checkOnStart: env['LTSP_UPDATE_NO_CHECK'] !== '1',
  });
}
