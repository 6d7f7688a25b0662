// The lists of trainings and enterprises: filtered by programme and region (fixed
// for a regional coordinator, whose lists the server keeps to her region) and by a
// list's own filters, all in the address, paged with the API's cursor, with a
// button to create one for users allowed to.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { Select } from '../components/Field';
import { Loading, LoadError } from '../components/Loading';
import { Page } from '../components/Page';
import { firstPage, Pager, pagingOf, pagingParams, type Paging } from '../components/Pager';
import { TableWrap } from '../components/TableWrap';
import { useLoad } from '../components/useLoad';
import { getPrograms, getRegions } from '../data';
import { useI18n, type I18n } from '../i18n';
import { Link, navigate } from '../router';
import type { Page as ListPage, Program, Region, User } from '../types';

/* A type, not an interface, so that a list's filters are address parameters. */
export type PlaceFilters = {
  program: string;
  region: string;
};

/* The name of region `code` in the interface's language. */
export function regionName(i: I18n, regions: Region[], code: string): string {
  const r = regions.find((x) => x.code === code);
  return r ? i.name(r) : code;
}

/* `more` draws the list's own filters from the values being edited. */
function PlaceFilterForm<F extends PlaceFilters>(props: {
  user: User;
  filters: F;
  programs: Program[];
  regions: Region[];
  label: string;
  resetHref: string;
  onApply(f: F): void;
  more?(f: F, set: (f: F) => void): ComponentChildren;
}) {
  const i = useI18n();
  const { t } = i;
  const [f, setF] = useState(props.filters);
  useEffect(() => setF(props.filters), [JSON.stringify(props.filters)]);
  const fixedRegion = props.user.scope === 'region' ? (props.user.region ?? '') : '';
  return (
    <form
      class="filters"
      role="search"
      aria-label={props.label}
      onSubmit={(e) => {
        e.preventDefault();
        props.onApply(f);
      }}
    >
      <Select
        id="f-program"
        label={t('apps.program')}
        value={f.program}
        placeholder={t('common.all')}
        onInput={(e) => setF({ ...f, program: e.currentTarget.value })}
        options={props.programs.map((p) => ({ value: p.code, label: `${p.code} — ${i.name(p)}` }))}
      />
      {fixedRegion ? (
        <p class="field fixed">
          {t('apps.region_fixed', { region: regionName(i, props.regions, fixedRegion) })}
        </p>
      ) : (
        <Select
          id="f-region"
          label={t('field.region')}
          value={f.region}
          placeholder={t('common.all')}
          onInput={(e) => setF({ ...f, region: e.currentTarget.value })}
          options={props.regions.map((r) => ({ value: r.code, label: i.name(r) }))}
        />
      )}
      {props.more?.(f, setF)}
      <div class="filter-actions">
        <button type="submit" class="button primary">
          {t('apps.apply')}
        </button>
        <Link class="button secondary" href={props.resetHref}>
          {t('apps.reset')}
        </Link>
      </div>
    </form>
  );
}

/* One page of the list at `resource` (an API path) shown at `href`: `head` is the
 * table's header row, `row` draws an item's cells. `newLabel`, when given, is the
 * button that opens `${href}/new`. */
export function PlaceList<F extends PlaceFilters & Record<string, string>, T extends { id: number }>(props: {
  user: User;
  query: URLSearchParams;
  filters: F;
  href: string;
  resource: string;
  title: string;
  filtersLabel: string;
  empty: string;
  newLabel?: string;
  more?(f: F, set: (f: F) => void): ComponentChildren;
  head: ComponentChildren;
  row(item: T, regions: Region[]): ComponentChildren;
}) {
  const { filters, href } = props;
  const paging = pagingOf(props.query);
  const refs = useLoad(() => Promise.all([getPrograms(), getRegions()]), []);
  const list = useLoad(
    () =>
      api<ListPage<T>>(
        'GET',
        `${props.resource}${query({ ...filters, limit: paging.limit, after: paging.after })}`,
      ),
    [props.query.toString()],
  );
  const [programs, regions] = refs.data ?? [[], []];
  const items = list.data?.items ?? [];
  const pageUrl = (f: F, p: Paging) => `${href}${query({ ...f, ...pagingParams(p) })}`;
  return (
    <Page title={props.title}>
      {props.newLabel && (
        <p>
          <Link class="button primary" href={`${href}/new`}>
            {props.newLabel}
          </Link>
        </p>
      )}
      <PlaceFilterForm
        user={props.user}
        filters={filters}
        programs={programs}
        regions={regions}
        label={props.filtersLabel}
        onApply={(f) => navigate(pageUrl(f, firstPage(paging.limit)))}
        resetHref={href}
        more={props.more}
      />
      {list.error !== undefined && <LoadError error={list.error} retry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && items.length === 0 && <p>{props.empty}</p>}
      {items.length > 0 && (
        <TableWrap label={props.title}>
          <table class="list" aria-busy={list.loading}>
            <caption class="visually-hidden">{props.title}</caption>
            <thead>
              <tr>{props.head}</tr>
            </thead>
            <tbody>
              {items.map((x) => (
                <tr key={x.id}>{props.row(x, regions)}</tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager paging={paging} next={list.data?.next ?? null} href={(p) => pageUrl(filters, p)} />
    </Page>
  );
}
