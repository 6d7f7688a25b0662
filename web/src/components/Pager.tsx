// Cursor paging kept in the address: the cursor of this page ("after") and the
// cursors of the pages before it ("prev", "~" standing for the first page), so that
// a page of a list can be bookmarked and "back" returns to it.
import { useI18n } from '../i18n';
import { Link } from '../router';

export interface Paging {
  after: string;
  prev: string[];
  limit: string;
}

export const DEFAULT_LIMIT = '50';

export function pagingOf(q: URLSearchParams): Paging {
  const prev = q.get('prev');
  return {
    after: q.get('after') ?? '',
    prev: prev ? prev.split('.') : [],
    limit: q.get('limit') ?? DEFAULT_LIMIT,
  };
}

/* The address parameters of `p`, the default limit left out. */
export function pagingParams(p: Paging) {
  return { limit: p.limit === DEFAULT_LIMIT ? '' : p.limit, after: p.after, prev: p.prev.join('.') };
}

/* The first page, with the same limit. */
export function firstPage(limit: string): Paging {
  return { after: '', prev: [], limit };
}

/* Links to the previous and next pages; `href` gives the address of a page. */
export function Pager({
  paging,
  next,
  href,
}: {
  paging: Paging;
  next: string | null;
  href(p: Paging): string;
}) {
  const { t } = useI18n();
  const page = paging.prev.length + 1;
  const prevCursor = paging.prev[paging.prev.length - 1];
  return (
    <nav class="pager" aria-label={t('apps.page', { n: page })}>
      {page > 1 && (
        <Link
          class="button secondary"
          href={href({
            ...paging,
            after: prevCursor === '~' ? '' : prevCursor,
            prev: paging.prev.slice(0, -1),
          })}
        >
          {t('apps.prev')}
        </Link>
      )}
      <span>{t('apps.page', { n: page })}</span>
      {next && (
        <Link
          class="button secondary"
          href={href({ ...paging, after: next, prev: [...paging.prev, paging.after || '~'] })}
        >
          {t('apps.next')}
        </Link>
      )}
    </nav>
  );
}
