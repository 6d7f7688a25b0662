// The public home page: the programmes open to registration, each with its period,
// its main eligibility rules and a button to register.
import { Loading, LoadError } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { getPrograms } from '../data';
import { useI18n, type I18n } from '../i18n';
import { Link } from '../router';
import type { Program } from '../types';

function rules(p: Program, i: I18n): string[] {
  const { t } = i;
  const e = p.eligibility;
  const out: string[] = [];
  if (p.starts_on && p.ends_on)
    out.push(t('programs.period', { from: i.date(p.starts_on), to: i.date(p.ends_on) }));
  if (e.age_min !== undefined && e.age_max !== undefined)
    out.push(t('programs.ages', { min: e.age_min, max: e.age_max }));
  else if (e.age_min !== undefined) out.push(t('programs.age_min', { min: e.age_min }));
  else if (e.age_max !== undefined) out.push(t('programs.age_max', { max: e.age_max }));
  if (e.sexes?.length === 1 && e.sexes[0] === 'F') out.push(t('programs.women_only'));
  return out;
}

export function ProgramsPage() {
  const i = useI18n();
  const { t } = i;
  const programs = useLoad(getPrograms, []);
  const open = programs.data?.filter((p) => p.registration_open);
  return (
    <Page title={t('programs.title')}>
      <p class="lead">{t('programs.intro')}</p>
      {programs.loading && <Loading />}
      {programs.error !== undefined && <LoadError error={programs.error} retry={programs.reload} />}
      {open && open.length === 0 && <p>{t('programs.none')}</p>}
      {open && open.length > 0 && (
        <ul class="cards">
          {open.map((p) => (
            <li key={p.code} class="card">
              <h2 id={`program-${p.code}`}>{i.name(p)}</h2>
              <ul class="facts">
                {rules(p, i).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
              <Link
                class="button primary"
                href={`/register/${encodeURIComponent(p.code)}`}
                aria-describedby={`program-${p.code}`}
              >
                {t('programs.register')}
              </Link>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/status">{t('nav.status')}</Link>
      </p>
    </Page>
  );
}
