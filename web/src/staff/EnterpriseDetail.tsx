// One enterprise for staff: what it is and whose, its 6-, 12- and 24-month
// milestones with the follow-up of each, and the form that records the follow-up
// of a milestone reached or corrects one already recorded.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { Input, RadioGroup, Select, TextArea } from '../components/Field';
import { FormErrors, formFields, useSent } from '../components/FormErrors';
import { NotLoadedPage } from '../components/Loading';
import { SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { TableWrap } from '../components/TableWrap';
import { useLoad } from '../components/useLoad';
import { getRegions } from '../data';
import { revenueBands } from '../domain/enterprise';
import { can } from '../domain/permissions';
import { utcToday } from '../domain/today';
import { useI18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import type { Enterprise, Followup, Milestone, User } from '../types';
import { ApplicantName } from './ApplicantName';
import { regionName } from './PlaceList';

export function EnterprisePage({ user, id }: { user: User; id: string }) {
  const i = useI18n();
  const { t } = i;
  const enterprise = useLoad(() => api<Enterprise>('GET', `/enterprises/${encodeURIComponent(id)}`), [id]);
  const regions = useLoad(getRegions, []);
  if (enterprise.error !== undefined || !enterprise.data)
    return <NotLoadedPage title={t('enterprise.title')} loaded={enterprise} />;
  const x = enterprise.data;
  const steps = x.milestones ?? [];
  return (
    <Page title={x.name}>
      <p>
        <Link href="/staff/enterprises">{t('enterprise.back')}</Link>
      </p>
      <section class="card" aria-labelledby="enterprise-about">
        <h2 id="enterprise-about">{t('enterprise.about')}</h2>
        <dl class="details">
          <div>
            <dt>{t('training.beneficiary')}</dt>
            <dd>
              <ApplicantName a={x.beneficiary} /> —{' '}
              <Link href={`/staff/applications/${x.application_id}`} dir="ltr" class="ref">
                {x.reference}
              </Link>
            </dd>
          </div>
          <div>
            <dt>{t('apps.program')}</dt>
            <dd dir="ltr">{x.program}</dd>
          </div>
          <div>
            <dt>{t('field.region')}</dt>
            <dd>
              {regionName(i, regions.data ?? [], x.region)} — {x.province}
            </dd>
          </div>
          <div>
            <dt>{t('enterprise.sector')}</dt>
            <dd>{t(`enterprise.sector.${x.sector}` as MessageKey)}</dd>
          </div>
          <div>
            <dt>{t('enterprise.legal_form')}</dt>
            <dd>{t(`enterprise.legal_form.${x.legal_form}` as MessageKey)}</dd>
          </div>
          <div>
            <dt>{t('enterprise.created_on')}</dt>
            <dd>{i.date(x.created_on)}</dd>
          </div>
          <div>
            <dt>{t('enterprise.jobs_created')}</dt>
            <dd>{i.number(x.jobs_created)}</dd>
          </div>
          <div>
            <dt>{t('enterprise.description')}</dt>
            <dd>{x.description || t('common.none')}</dd>
          </div>
        </dl>
        {can.writeEnterprises(user) && (
          <p>
            <Link class="button secondary" href={`/staff/enterprises/${x.id}/edit`}>
              {t('enterprise.change')}
            </Link>
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="enterprise-milestones">
        <h2 id="enterprise-milestones">{t('enterprise.followups')}</h2>
        <TableWrap label={t('enterprise.followups')}>
          <table class="list" data-testid="milestones">
            <thead>
              <tr>
                <th scope="col">{t('enterprise.milestone')}</th>
                <th scope="col">{t('enterprise.due_on')}</th>
                <th scope="col">{t('enterprise.followup')}</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((m) => (
                <tr key={m.months} data-months={m.months}>
                  <th scope="row">{t('enterprise.months', { n: m.months })}</th>
                  <td>{i.date(m.due_on)}</td>
                  <td>
                    {m.followup ? (
                      <FollowupText f={m.followup} />
                    ) : m.due_on <= utcToday() ? (
                      t('enterprise.followup_due')
                    ) : (
                      t('enterprise.followup_later')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>

      {can.writeEnterprises(user) && <FollowupForm enterprise={x} onSaved={enterprise.reload} />}
    </Page>
  );
}

function FollowupText({ f }: { f: Followup }) {
  const i = useI18n();
  const { t } = i;
  return (
    <>
      {t('enterprise.followed_on', { date: i.date(f.followed_on) })} —{' '}
      {f.still_active
        ? t('enterprise.active_with', {
            jobs: i.number(f.jobs),
            revenue: t(`enterprise.revenue.${f.revenue_band}` as MessageKey),
          })
        : t('enterprise.closed')}
      {f.note && <p class="note">{f.note}</p>}
      <br />
      <small>{t('detail.by', { actor: f.recorded_by })}</small>
    </>
  );
}

interface Values {
  followed_on: string;
  still_active: string; /* 'yes', 'no' or '' */
  jobs: string;
  revenue_band: string;
  note: string;
}

function valuesOf(f: Followup | null): Values {
  if (!f) return { followed_on: utcToday(), still_active: '', jobs: '', revenue_band: '', note: '' };
  return {
    followed_on: f.followed_on,
    still_active: f.still_active ? 'yes' : 'no',
    jobs: String(f.jobs),
    revenue_band: f.revenue_band,
    note: f.note ?? '',
  };
}

/* Records the follow-up of a milestone reached (POST), or corrects the one
 * recorded (PATCH): choosing a milestone fills the form with its follow-up. */
function FollowupForm({ enterprise, onSaved }: { enterprise: Enterprise; onSaved(): void }) {
  const i = useI18n();
  const { t } = i;
  const reached = (enterprise.milestones ?? []).filter((m) => m.due_on <= utcToday());
  const [months, setMonths] = useState('');
  const [v, setV] = useState<Values>(() => valuesOf(null));
  const [done, setDone] = useState('');
  const sent = useSent();
  const chosen: Milestone | undefined = reached.find((m) => String(m.months) === months);
  const labels: Record<keyof Values | 'milestone', string> = {
    milestone: t('enterprise.milestone'),
    followed_on: t('enterprise.followed_on_label'),
    still_active: t('enterprise.still_active'),
    jobs: t('enterprise.jobs'),
    revenue_band: t('enterprise.revenue_band'),
    note: t('enterprise.note'),
  };
  const fields = formFields('fu', labels);
  const bind = (k: keyof Values) => ({
    ...fields[k],
    value: v[k],
    error: sent.errors[k],
    onInput: (e: { currentTarget: { value: string } }) => {
      const value = e.currentTarget.value;
      setV((old) => ({ ...old, [k]: value }));
    },
  });
  const active = v.still_active !== 'no';

  async function submit(e: Event) {
    e.preventDefault();
    setDone('');
    if (!chosen) {
      sent.refuse('milestone', t('v.required'));
      return;
    }
    /* A closed enterprise reports no jobs nor revenue unless they are given. */
    const body = {
      followed_on: v.followed_on || null,
      still_active: v.still_active === '' ? null : v.still_active === 'yes',
      ...(v.jobs !== '' ? { jobs: Number(v.jobs) } : {}),
      ...(v.revenue_band ? { revenue_band: v.revenue_band } : {}),
      ...(v.note.trim() ? { note: v.note } : {}),
    };
    const saved = await sent.send(() =>
      chosen.followup
        ? api<Enterprise>('PATCH', `/enterprises/${enterprise.id}/followups/${chosen.months}`, body)
        : api<Enterprise>('POST', `/enterprises/${enterprise.id}/followups`, {
            milestone: chosen.months,
            ...body,
          }),
    );
    if (!saved) return;
    setDone(
      t(chosen.followup ? 'enterprise.followup_corrected' : 'enterprise.followup_saved', {
        n: chosen.months,
      }),
    );
    setMonths('');
    setV(valuesOf(null));
    onSaved();
  }

  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="followup-title">
      <h2 id="followup-title">{t('enterprise.followup_form')}</h2>
      <FormErrors sent={sent} fields={fields} />
      {reached.length === 0 ? (
        <p>{t('enterprise.no_milestone_yet')}</p>
      ) : (
        <>
          <Select
            id={fields.milestone.id}
            label={labels.milestone}
            required
            value={months}
            error={sent.errors.milestone}
            placeholder={t('common.choose')}
            onInput={(e) => {
              const value = e.currentTarget.value;
              setMonths(value);
              setV(valuesOf(reached.find((m) => String(m.months) === value)?.followup ?? null));
            }}
            options={reached.map((m) => ({
              value: String(m.months),
              label: t(m.followup ? 'enterprise.milestone_correct' : 'enterprise.milestone_record', {
                n: m.months,
                date: i.date(m.due_on),
              }),
            }))}
          />
          <Input {...bind('followed_on')} type="date" required />
          <RadioGroup
            id={fields.still_active.id}
            legend={labels.still_active}
            required
            value={v.still_active}
            error={sent.errors.still_active}
            onChange={(value) => setV((old) => ({ ...old, still_active: value }))}
            options={[
              { value: 'yes', label: t('enterprise.active_yes') },
              { value: 'no', label: t('enterprise.active_no') },
            ]}
          />
          <div class="row">
            <Input
              {...bind('jobs')}
              type="number"
              min={0}
              inputMode="numeric"
              optional={!active}
              required={active}
            />
            <Select
              {...bind('revenue_band')}
              optional={!active}
              required={active}
              placeholder={t('common.choose')}
              options={revenueBands.map((b) => ({ value: b, label: t(`enterprise.revenue.${b}`) }))}
            />
          </div>
          <TextArea {...bind('note')} optional rows={2} />
          <button type="submit" class="button primary" disabled={sent.busy}>
            {chosen?.followup ? t('enterprise.followup_correct') : t('enterprise.followup_record')}
          </button>
        </>
      )}
      {done && <SuccessNotice>{done}</SuccessNotice>}
    </form>
  );
}
