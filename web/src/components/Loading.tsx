// What a page shows while its data loads, or when loading failed.
import { errorText } from '../api';
import { useI18n } from '../i18n';
import { ErrorNotice } from './Notice';
import { Page } from './Page';
import type { Loaded } from './useLoad';

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

export function LoadError({ error, retry }: { error: unknown; retry(): void }) {
  const { t } = useI18n();
  return (
    <ErrorNotice>
      <p>{errorText(error, t)}</p>
      <button type="button" class="button secondary" onClick={retry}>
        {t('common.retry')}
      </button>
    </ErrorNotice>
  );
}

/* The whole page while what it shows is not there yet: why `loaded` failed, with a
 * retry, or the loader. */
export function NotLoadedPage({ title, loaded }: { title: string; loaded: Loaded<unknown> }) {
  return (
    <Page title={title}>
      {loaded.error !== undefined ? <LoadError error={loaded.error} retry={loaded.reload} /> : <Loading />}
    </Page>
  );
}
