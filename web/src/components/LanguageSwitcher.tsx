// The three languages, on every page: the current one is marked pressed.
import { languages, setLang, useI18n } from '../i18n';

export function LanguageSwitcher() {
  const { lang, t } = useI18n();
  return (
    <nav class="langs" aria-label={t('app.language')}>
      {languages.map((l) => (
        <button
          key={l.code}
          type="button"
          lang={l.code}
          class="lang"
          aria-pressed={l.code === lang}
          onClick={() => setLang(l.code)}
        >
          {l.name}
        </button>
      ))}
    </nav>
  );
}
