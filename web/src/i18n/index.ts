// The chosen language: remembered in the browser, applied to <html lang dir>, sent to
// the API as Accept-Language, and used to translate and to format dates and numbers.
import { createStore } from '../store';
import { ar } from './ar';
import { en } from './en';
import { fr, type MessageKey, type Messages } from './fr';

export type Lang = 'ar' | 'fr' | 'en';
export type { MessageKey };

export const languages: { code: Lang; name: string }[] = [
  { code: 'ar', name: 'العربية' },
  { code: 'fr', name: 'Français' },
  { code: 'en', name: 'English' },
];

const catalogues: Record<Lang, Messages> = { ar, fr, en };
/* Locales for Intl: Moroccan Arabic and French write Western digits. */
const locales: Record<Lang, string> = { ar: 'ar-MA', fr: 'fr-MA', en: 'en-GB' };
const STORAGE_KEY = 'sanad.lang';

function isLang(v: unknown): v is Lang {
  return v === 'ar' || v === 'fr' || v === 'en';
}

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (isLang(saved)) return saved;
  } catch {
    /* storage disabled: fall back to the browser's languages */
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLang(base)) return base;
  }
  return 'fr';
}

export const langStore = createStore<Lang>(initialLang());

function apply(lang: Lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
}
apply(langStore.get());

export function setLang(lang: Lang) {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* not remembered, still applied */
  }
  apply(lang);
  langStore.set(lang);
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

/* Everything a component needs to speak the current language. */
export interface I18n {
  lang: Lang;
  locale: string; /* for Intl and Chart.js */
  rtl: boolean;
  t: Translate;
  /* A date ("2026-03-02") or timestamp (RFC 3339), as a date. */
  date(value: string): string;
  /* A timestamp, as date and time in the browser's time zone. */
  dateTime(value: string): string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  percent(ratio: number): string;
  /* The name of a region or programme in this language (Arabic, else French). */
  name(item: { name_fr: string; name_ar: string }): string;
}

const cache = new Map<Lang, I18n>();

function make(lang: Lang): I18n {
  const messages = catalogues[lang];
  const locale = locales[lang];
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const stampFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return {
    lang,
    locale,
    rtl: lang === 'ar',
    t: (key, params) =>
      messages[key].replace(/\{(\w+)\}/g, (all, name: string) =>
        params && name in params ? String(params[name]) : all,
      ),
    date(value) {
      const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
      return Number.isNaN(d.getTime()) ? value : dayFormat.format(d);
    },
    dateTime(value) {
      const d = new Date(value);
      return Number.isNaN(d.getTime()) ? value : stampFormat.format(d);
    },
    number: (value, options) => new Intl.NumberFormat(locale, options).format(value),
    percent: (ratio) =>
      new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(ratio),
    name: (item) => (lang === 'ar' ? item.name_ar : item.name_fr),
  };
}

export function i18nFor(lang: Lang): I18n {
  let i = cache.get(lang);
  if (!i) {
    i = make(lang);
    cache.set(lang, i);
  }
  return i;
}

/* The current language's helpers; the component re-renders when it changes. */
export function useI18n(): I18n {
  return i18nFor(langStore.use());
}
