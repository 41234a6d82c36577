// The widget's own chrome (buttons, labels, notes) in every language the assistant speaks.
// The labels are msgids of bot/labels.py WIDGET_LABELS, translated in the catalogs like
// everything the assistant says; the build writes them into strings.json
// (`python -m bot.labels OUT.json`, run by scripts/setup_browser.sh), so the languages
// and their words are listed once, on the server. The bot's messages are translated there too.

import STRINGS from "./strings.json";

export { STRINGS };
export const LANGUAGES = Object.keys(STRINGS);
export const DEFAULT_LANGUAGE = "en";

/** The first supported language among `preferences` ("fr-BE" means "fr"), else English. */
export function negotiateLanguage(preferences) {
  for (const pref of preferences) {
    if (typeof pref !== "string" || !pref) continue;
    const primary = pref.trim().toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(primary)) return primary;
  }
  return DEFAULT_LANGUAGE;
}
