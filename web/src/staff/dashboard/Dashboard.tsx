// The dashboard of a programme: registered against target (in figures, by region as
// bars, and on the tile map of the regions), applications by state, registrations
// per day (a line), and the figures by region as a table. A regional coordinator
// sees her region only. This module and Chart.js form a chunk loaded on demand.
import type { ChartConfiguration, ChartOptions } from 'chart.js';
import { useMemo } from 'preact/hooks';
import { Select } from '../../components/Field';
import { LoadError, Loading, NotLoadedPage } from '../../components/Loading';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { getPrograms, getRegions } from '../../data';
import { states } from '../../domain/workflow';
import { useI18n, type I18n } from '../../i18n';
import { navigate } from '../../router';
import type { AppState, User } from '../../types';
import { loadBilan, type Bilan, type RegionBilan } from './bilan';
import { ChartCanvas } from './ChartCanvas';
import { TileMap } from './TileMap';
import { TableWrap } from '../../components/TableWrap';

const COLORS = { registered: '#1b6e7e', target: '#9aa5b1', line: '#7a3e9d' };
const STATE_COLORS: Record<AppState, string> = {
  submitted: '#5b8def',
  under_review: '#3867d6',
  eligible: '#20bf6b',
  ineligible: '#a5b1c2',
  accepted: '#0b8a55',
  waitlisted: '#f7b731',
  in_training: '#8854d0',
  incubated: '#a55eea',
  enterprise_created: '#3c1e70',
  withdrawn: '#778ca3',
};

/* Options shared by the charts: numbers in the interface's locale, and in Arabic
 * the value axis running right to left with the labels on the right. */
function options(i: I18n, horizontal: boolean, legend: boolean): ChartOptions<'bar' | 'line'> {
  const value = { reverse: horizontal && i.rtl, beginAtZero: true };
  const category = horizontal
    ? { position: i.rtl ? ('right' as const) : ('left' as const), ticks: { autoSkip: false } }
    : { reverse: i.rtl, ticks: { maxTicksLimit: 8 } };
  return {
    indexAxis: horizontal ? 'y' : 'x',
    maintainAspectRatio: false,
    locale: i.locale,
    plugins: { legend: { display: legend, rtl: i.rtl, position: 'bottom' }, tooltip: { rtl: i.rtl } },
    scales: horizontal
      ? { x: value, y: category }
      : { x: category, y: { ...value, position: i.rtl ? ('right' as const) : ('left' as const) } },
  };
}

function byRegionChart(regions: RegionBilan[], names: Record<string, string>, i: I18n): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: regions.map((r) => names[r.region] ?? r.region),
      datasets: [
        {
          label: i.t('dash.registered'),
          data: regions.map((r) => r.registered),
          backgroundColor: COLORS.registered,
        },
        {
          label: i.t('dash.target'),
          data: regions.map((r) => r.target ?? 0),
          backgroundColor: COLORS.target,
        },
      ],
    },
    options: options(i, true, true),
  };
}

function byStatusChart(counts: Record<AppState, number>, i: I18n): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: states.map((s) => i.t(`state.${s}`)),
      datasets: [
        {
          label: i.t('dash.count'),
          data: states.map((s) => counts[s]),
          backgroundColor: states.map((s) => STATE_COLORS[s]),
        },
      ],
    },
    options: options(i, true, false),
  };
}

/* Registrations per day, or per week (weeks from Monday) over a period longer than
 * four months, so that the line stays readable on a phone. */
function series(bilan: Bilan): { weekly: boolean; points: { day: string; count: number }[] } {
  if (bilan.by_day.length <= 120) return { weekly: false, points: bilan.by_day };
  const weeks = new Map<string, number>();
  for (const d of bilan.by_day) {
    const monday = new Date(`${d.day}T00:00:00Z`);
    monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
    const key = monday.toISOString().slice(0, 10);
    weeks.set(key, (weeks.get(key) ?? 0) + d.count);
  }
  return { weekly: true, points: [...weeks].map(([day, count]) => ({ day, count })) };
}

function overTimeChart(points: { day: string; count: number }[], title: string, i: I18n): ChartConfiguration {
  return {
    type: 'line',
    data: {
      labels: points.map((d) => i.date(d.day)),
      datasets: [
        {
          label: title,
          data: points.map((d) => d.count),
          borderColor: COLORS.line,
          backgroundColor: COLORS.line,
          pointRadius: 0,
          borderWidth: 2,
          tension: 0.2,
        },
      ],
    },
    options: options(i, false, false),
  };
}

export function DashboardPage({ user, program }: { user: User; program: string | null }) {
  const i = useI18n();
  const { t } = i;
  const refs = useLoad(() => Promise.all([getPrograms(), getRegions()]), []);
  const code = program ?? refs.data?.[0][0]?.code ?? null;
  const bilan = useLoad(() => (code ? loadBilan(code) : Promise.resolve(null)), [code]);

  const names = useMemo(
    () => Object.fromEntries((refs.data?.[1] ?? []).map((r) => [r.code, i.name(r)])),
    [refs.data, i],
  );
  const view = useMemo(() => {
    if (!bilan.data) return null;
    const regions =
      user.scope === 'region'
        ? bilan.data.regions.filter((r) => r.region === user.region)
        : bilan.data.regions;
    const counts = Object.fromEntries(states.map((s) => [s, 0])) as Record<AppState, number>;
    for (const r of regions) for (const s of states) counts[s] += r.by_status[s] ?? 0;
    const registered = regions.reduce((n, r) => n + r.registered, 0);
    const target = regions.reduce((n, r) => n + (r.target ?? 0), 0);
    const line = series(bilan.data);
    const timeTitle = line.weekly ? i.t('dash.over_time_weeks') : i.t('dash.over_time');
    return {
      regions,
      registered,
      target,
      timeTitle,
      charts: {
        region: byRegionChart(regions, names, i),
        status: byStatusChart(counts, i),
        time: overTimeChart(line.points, timeTitle, i),
      },
    };
  }, [bilan.data, names, i, user]);

  if (refs.error !== undefined || !refs.data) return <NotLoadedPage title={t('dash.title')} loaded={refs} />;
  const programs = refs.data[0];
  const current = programs.find((p) => p.code === code);

  return (
    <Page title={current ? `${t('dash.title')} — ${i.name(current)}` : t('dash.title')}>
      <form class="inline-form" onSubmit={(e) => e.preventDefault()}>
        <Select
          id="dash-program"
          label={t('dash.program')}
          value={code ?? ''}
          options={programs.map((p) => ({ value: p.code, label: `${p.code} — ${i.name(p)}` }))}
          onInput={(e) => navigate(`/staff/dashboard?program=${encodeURIComponent(e.currentTarget.value)}`)}
        />
      </form>
      {bilan.error !== undefined && <LoadError error={bilan.error} retry={bilan.reload} />}
      {bilan.loading && <Loading />}
      {view && !bilan.loading && (
        <>
          <ul class="kpis">
            <li>
              <span class="kpi-label">{t('dash.registered')}</span>
              <span class="kpi-value" data-testid="kpi-registered">
                {i.number(view.registered)}
              </span>
            </li>
            <li>
              <span class="kpi-label">{t('dash.target')}</span>
              <span class="kpi-value">{view.target ? i.number(view.target) : t('common.none')}</span>
            </li>
            <li>
              <span class="kpi-label">{t('dash.attainment')}</span>
              <span class="kpi-value">
                {view.target ? i.percent(view.registered / view.target) : t('common.none')}
              </span>
            </li>
          </ul>
          <p class="hint">{t('dash.registered_note')}</p>
          <div class="dash-grid">
            <section class="card" aria-labelledby="dash-map">
              <h2 id="dash-map">{t('dash.map')}</h2>
              <TileMap regions={view.regions} names={names} />
            </section>
            <section class="card" aria-labelledby="dash-region">
              <h2 id="dash-region">{t('dash.by_region')}</h2>
              <ChartCanvas
                config={view.charts.region}
                label={t('dash.by_region')}
                tall={view.regions.length > 4}
              />
            </section>
            <section class="card" aria-labelledby="dash-status">
              <h2 id="dash-status">{t('dash.by_status')}</h2>
              <ChartCanvas config={view.charts.status} label={t('dash.by_status')} tall />
            </section>
            <section class="card" aria-labelledby="dash-time">
              <h2 id="dash-time">{view.timeTitle}</h2>
              <ChartCanvas config={view.charts.time} label={view.timeTitle} />
            </section>
          </div>
          <RegionTable regions={view.regions} names={names} />
        </>
      )}
    </Page>
  );
}

function RegionTable({ regions, names }: { regions: RegionBilan[]; names: Record<string, string> }) {
  const i = useI18n();
  const { t } = i;
  return (
    <section class="card" aria-labelledby="dash-data">
      <h2 id="dash-data">{t('dash.data')}</h2>
      <TableWrap label={t('dash.data')}>
        <table class="list numbers" data-testid="region-table">
          <thead>
            <tr>
              <th scope="col">{t('field.region')}</th>
              <th scope="col">{t('dash.target')}</th>
              <th scope="col">{t('dash.registered')}</th>
              <th scope="col">{t('dash.attainment')}</th>
            </tr>
          </thead>
          <tbody>
            {regions.map((r) => (
              <tr key={r.region} data-region={r.region}>
                <th scope="row">{names[r.region] ?? r.region}</th>
                <td>{r.target !== null ? i.number(r.target) : t('common.none')}</td>
                <td>{i.number(r.registered)}</td>
                <td>{r.target ? i.percent(r.registered / r.target) : t('common.none')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}
