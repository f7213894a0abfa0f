// Reads the real locale files, so tests never copy translated text.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

export type Lang = "vi" | "en";
export const LANGS: Lang[] = ["vi", "en"];

const cache = new Map<Lang, Map<string, string>>();

/** Messages of one language: simple `key = value` lines (no placeables). */
export function messages(lang: Lang): Map<string, string> {
  let found = cache.get(lang);
  if (!found) {
    found = new Map();
    const dir = join(__dirname, "..", "..", "locales", lang);
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ftl"))) {
      for (const line of readFileSync(join(dir, file), "utf8").split("\n")) {
        const match = /^([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(.*)$/.exec(line);
        if (match) found.set(match[1], match[2].trim());
      }
    }
    cache.set(lang, found);
  }
  return found;
}

/** The text of `key` in `lang`; fails loudly when the key is missing. */
export function t(lang: Lang, key: string): string {
  const value = messages(lang).get(key);
  if (value === undefined) throw new Error(`no message ${key} in ${lang}`);
  return value;
}

export function other(lang: Lang): Lang {
  return lang === "vi" ? "en" : "vi";
}
