// The staff list of applications: the API's filters, search and sort, kept in the
// address (so a filtered list can be bookmarked, and "back" returns to it), cursor
// paging, a selection for bulk transitions, and export of the filtered list.
import { useEffect, useState } from 'preact/hooks';
import { api, errorText, query } from '../api';
import { Checkbox, Input, Select } from '../components/Field';
import { Loading, LoadError } from '../components/Loading';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { firstPage, Pager, pagingOf, pagingParams, type Paging } from '../components/Pager';
import { StatusBadge } from '../components/StatusBadge';
import { useLoad } from '../components/useLoad';
import { getPrograms, getRegions } from '../data';
import { can } from '../domain/permissions';
import { states } from '../domain/workflow';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';
import type { Application, AppState, BulkResult, Page as ListPage, Region, User } from '../types';
import { ApplicantName } from './ApplicantName';
import { TableWrap } from '../components/TableWrap';

const FILTERS = ['program', 'region', 'province', 'status', 'q', 'flag', 'from', 'to', 'sort'] as const;
type Filter = (typeof FILTERS)[number];
type Filters = Record<Filter, string>;

function filtersOf(q: URLSearchParams): Filters {
  const f = {} as Filters;
  for (const k of FILTERS) f[k] = q.get(k) ?? '';
  return f;
}

function listUrl(f: Filters, p: Paging): string {
  return `/staff/applications${query({ ...f, ...pagingParams(p) })}`;
}

export function ApplicationsPage({ user, query: q }: { user: User; query: URLSearchParams }) {
  const i = useI18n();
  const { t } = i;
  const filters = filtersOf(q);
  const paging = pagingOf(q);
  const key = q.toString();
  const refs = useLoad(() => Promise.all([getPrograms(), getRegions()]), []);
  const list = useLoad(
    () =>
      api<ListPage<Application>>(
        'GET',
        `/applications${query({ ...filters, limit: paging.limit, after: paging.after })}`,
      ),
    [key],
  );
  const [selected, setSelected] = useState<Set<number>>(new Set());
  useEffect(() => setSelected(new Set()), [key]);

  const [programs, regions] = refs.data ?? [[], []];
  const regionName = (code: string) => {
    const r = regions.find((x) => x.code === code);
    return r ? i.name(r) : code;
  };
  const items = list.data?.items ?? [];
  const allSelected = items.length > 0 && items.every((a) => selected.has(a.id));
  const toggle = (id: number) =>
    setSelected((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  const exportHref = (format: string) => `/api/v1/applications/export${query({ ...filters, format })}`;

  return (
    <Page title={t('apps.title')}>
      <FilterForm
        user={user}
        filters={filters}
        limit={paging.limit}
        programs={programs.map((p) => ({ value: p.code, label: `${p.code} — ${i.name(p)}` }))}
        regions={regions}
      />
      <div class="toolbar">
        <a class="button secondary" href={exportHref('csv')} download>
          {t('apps.export_csv')}
        </a>
        <a class="button secondary" href={exportHref('xlsx')} download>
          {t('apps.export_xlsx')}
        </a>
      </div>
      {list.error !== undefined && <LoadError error={list.error} retry={list.reload} />}
      {list.loading && !list.data && <Loading />}
      {list.data && items.length === 0 && <p>{t('apps.empty')}</p>}
      {items.length > 0 && (
        <TableWrap label={t('apps.title')}>
          <table class="list" aria-busy={list.loading}>
            <caption class="visually-hidden">{t('apps.title')}</caption>
            <thead>
              <tr>
                <th scope="col" class="narrow">
                  <input
                    type="checkbox"
                    aria-label={t('apps.select_page')}
                    checked={allSelected}
                    onChange={() => setSelected(allSelected ? new Set() : new Set(items.map((a) => a.id)))}
                  />
                </th>
                <th scope="col">{t('apps.reference')}</th>
                <th scope="col">{t('apps.name')}</th>
                <th scope="col">{t('field.region')}</th>
                <th scope="col">{t('apps.status')}</th>
                <th scope="col">{t('apps.created')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('apps.select', { ref: a.reference })}
                      checked={selected.has(a.id)}
                      onChange={() => toggle(a.id)}
                    />
                  </td>
                  <td dir="ltr" class="ref">
                    <Link href={`/staff/applications/${a.id}`}>{a.reference}</Link>
                  </td>
                  <td>
                    <ApplicantName a={a.applicant} />
                  </td>
                  <td>
                    {regionName(a.applicant.region)}
                    <br />
                    <small>{a.applicant.province}</small>
                  </td>
                  <td>
                    <StatusBadge state={a.status} />
                    {a.flag && <span class="badge badge-flag">{t('flag.probable_duplicate')}</span>}
                  </td>
                  <td>{i.date(a.created_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <Pager paging={paging} next={list.data?.next ?? null} href={(p) => listUrl(filters, p)} />
      {can.writeApplications(user) && selected.size > 0 && (
        <BulkForm ids={[...selected]} onDone={list.reload} />
      )}
    </Page>
  );
}

function FilterForm(props: {
  user: User;
  filters: Filters;
  limit: string;
  programs: { value: string; label: string }[];
  regions: Region[];
}) {
  const i = useI18n();
  const { t } = i;
  const [f, setF] = useState<Filters>(props.filters);
  const [limit, setLimit] = useState(props.limit);
  useEffect(() => setF(props.filters), [JSON.stringify(props.filters)]);
  const fixedRegion = props.user.scope === 'region' ? (props.user.region ?? '') : '';
  const regionCode = fixedRegion || f.region;
  const region = props.regions.find((r) => r.code === regionCode);
  const bind = (k: Filter) => ({
    id: `f-${k}`,
    value: f[k],
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setF((old) => ({ ...old, [k]: value, ...(k === 'region' ? { province: '' } : {}) }));
    },
  });
  const submit = (e: Event) => {
    e.preventDefault();
    navigate(listUrl(f, firstPage(limit)));
  };
  return (
    <form class="filters" onSubmit={submit} role="search" aria-label={t('apps.filters')}>
      <Input {...bind('q')} type="search" label={t('apps.search')} hint={t('apps.search_hint')} />
      <Select
        {...bind('program')}
        label={t('apps.program')}
        placeholder={t('common.all')}
        options={props.programs}
      />
      {fixedRegion ? (
        <p class="field fixed">{t('apps.region_fixed', { region: region ? i.name(region) : fixedRegion })}</p>
      ) : (
        <Select
          {...bind('region')}
          label={t('field.region')}
          placeholder={t('common.all')}
          options={props.regions.map((r) => ({ value: r.code, label: i.name(r) }))}
        />
      )}
      <Select
        {...bind('province')}
        label={t('field.province')}
        placeholder={t('common.all')}
        options={(region?.provinces ?? []).map((p) => ({ value: p, label: p }))}
        disabled={!region}
      />
      <Select
        {...bind('status')}
        label={t('apps.status')}
        placeholder={t('common.all')}
        options={states.map((s) => ({ value: s, label: t(`state.${s}`) }))}
      />
      <Input {...bind('from')} type="date" label={t('apps.from')} />
      <Input {...bind('to')} type="date" label={t('apps.to')} />
      <Select
        {...bind('sort')}
        label={t('apps.sort')}
        options={[
          { value: '', label: t('apps.newest') },
          { value: 'created', label: t('apps.oldest') },
        ]}
      />
      <Select
        id="f-limit"
        label={t('apps.per_page')}
        value={limit}
        onInput={(e) => setLimit(e.currentTarget.value)}
        options={['25', '50', '100', '200'].map((n) => ({ value: n, label: i.number(Number(n)) }))}
      />
      <Checkbox
        id="f-flag"
        label={t('apps.duplicates_only')}
        checked={f.flag === 'probable_duplicate'}
        onChange={(e) => {
          const checked = e.currentTarget.checked;
          setF((old) => ({ ...old, flag: checked ? 'probable_duplicate' : '' }));
        }}
      />
      <div class="filter-actions">
        <button type="submit" class="button primary">
          {t('apps.apply')}
        </button>
        <Link class="button secondary" href="/staff/applications">
          {t('apps.reset')}
        </Link>
      </div>
    </form>
  );
}

function BulkForm({ ids, onDone }: { ids: number[]; onDone(): void }) {
  const { t } = useI18n();
  const [to, setTo] = useState<AppState | ''>('');
  const [note, setNote] = useState('');
  const [result, setResult] = useState<BulkResult | null>(null);
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!to) return;
    setBusy(true);
    setFailure('');
    try {
      setResult(
        await api<BulkResult>('POST', '/applications/transitions', { to, note: note || undefined, ids }),
      );
      onDone();
    } catch (err) {
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="bulk card" onSubmit={submit} aria-labelledby="bulk-title">
      <h2 id="bulk-title">{t('bulk.title')}</h2>
      <p>{t('bulk.selected', { n: ids.length })}</p>
      <Select
        id="bulk-to"
        label={t('bulk.to')}
        value={to}
        required
        placeholder={t('common.choose')}
        onInput={(e) => setTo(e.currentTarget.value as AppState)}
        options={states.filter((s) => s !== 'submitted').map((s) => ({ value: s, label: t(`state.${s}`) }))}
      />
      <Input
        id="bulk-note"
        label={t('bulk.note')}
        optional
        value={note}
        onInput={(e) => setNote(e.currentTarget.value)}
      />
      <button type="submit" class="button primary" disabled={busy || !to}>
        {t('bulk.apply')}
      </button>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      {result && (
        <SuccessNotice>
          {t('bulk.result', { moved: result.moved_count, refused: result.refused.length })}
        </SuccessNotice>
      )}
    </form>
  );
}
