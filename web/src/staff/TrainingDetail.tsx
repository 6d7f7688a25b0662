// One training for staff: what, where and when, the beneficiaries enrolled with
// their attendance totals and outcome, the enrolment of an accepted application
// (which the server moves to "in training"), the attendance of a day, the totals
// per day, and the record of each beneficiary's completion.
import { useEffect, useState } from 'preact/hooks';
import { api, query } from '../api';
import { Input, RadioGroup, Select } from '../components/Field';
import { FormErrors, useSent } from '../components/FormErrors';
import { LoadError, NotLoadedPage } from '../components/Loading';
import { SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { TableWrap } from '../components/TableWrap';
import { useLoad } from '../components/useLoad';
import { getRegions } from '../data';
import { can } from '../domain/permissions';
import { utcToday } from '../domain/today';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type {
  AttendanceDay,
  AttendanceMark,
  AttendanceStatus,
  Enrolment,
  Page as ListPage,
  Training,
  User,
} from '../types';
import { ApplicantName, applicantNameText } from './ApplicantName';
import { findApplication } from './findApplication';
import { regionName } from './PlaceList';

const marks: AttendanceStatus[] = ['present', 'absent', 'excused'];

/* Every enrolled beneficiary: a training holds a thousand at most, so all pages. */
async function allEnrolments(id: number): Promise<Enrolment[]> {
  const all: Enrolment[] = [];
  let after = '';
  for (;;) {
    const page = await api<ListPage<Enrolment>>(
      'GET',
      `/trainings/${id}/enrolments${query({ limit: 500, after })}`,
    );
    all.push(...page.items);
    if (!page.next) return all;
    after = page.next;
  }
}

export function TrainingPage({ user, id }: { user: User; id: string }) {
  const i = useI18n();
  const { t } = i;
  const training = useLoad(() => api<Training>('GET', `/trainings/${encodeURIComponent(id)}`), [id]);
  const tid = training.data?.id;
  const enrolled = useLoad(() => (tid ? allEnrolments(tid) : Promise.resolve([])), [tid]);
  const days = useLoad(
    () => (tid ? api<ListPage<AttendanceDay>>('GET', `/trainings/${tid}/attendance`) : Promise.resolve(null)),
    [tid],
  );
  const regions = useLoad(getRegions, []);

  if (training.error !== undefined || !training.data)
    return <NotLoadedPage title={t('training.title')} loaded={training} />;
  const x = training.data;
  const writable = can.writeTrainings(user);
  const people = enrolled.data ?? [];
  const changed = () => {
    training.reload();
    enrolled.reload();
    days.reload();
  };

  return (
    <Page title={x.title}>
      <p>
        <Link href="/staff/trainings">{t('training.back')}</Link>
      </p>
      <section class="card" aria-labelledby="training-about">
        <h2 id="training-about">{t('training.about')}</h2>
        <dl class="details">
          <div>
            <dt>{t('apps.program')}</dt>
            <dd dir="ltr">{x.program}</dd>
          </div>
          <div>
            <dt>{t('training.dates')}</dt>
            <dd>{t('training.period', { from: i.date(x.starts_on), to: i.date(x.ends_on) })}</dd>
          </div>
          <div>
            <dt>{t('training.venue')}</dt>
            <dd>
              {x.venue} — {x.province}, {regionName(i, regions.data ?? [], x.region)}
            </dd>
          </div>
          <div>
            <dt>{t('training.trainers')}</dt>
            <dd>{x.trainers.length ? x.trainers.join(', ') : t('common.none')}</dd>
          </div>
          <div>
            <dt>{t('training.enrolled')}</dt>
            <dd data-testid="training-enrolled">
              {t('training.of_capacity', { n: i.number(x.enrolled), capacity: i.number(x.capacity) })}
            </dd>
          </div>
        </dl>
        {writable && (
          <p>
            <Link class="button secondary" href={`/staff/trainings/${x.id}/edit`}>
              {t('training.change')}
            </Link>
          </p>
        )}
      </section>

      <section class="card" aria-labelledby="training-people">
        <h2 id="training-people">{t('training.people')}</h2>
        {enrolled.error !== undefined && <LoadError error={enrolled.error} retry={enrolled.reload} />}
        {enrolled.data && people.length === 0 && <p>{t('training.nobody')}</p>}
        {people.length > 0 && <EnrolledTable people={people} />}
        {writable && <EnrolForm training={x} onDone={changed} />}
      </section>

      {people.length > 0 && (
        <AttendanceForm training={x} people={people} writable={writable} onSaved={changed} />
      )}

      <section class="card" aria-labelledby="training-days">
        <h2 id="training-days">{t('training.totals')}</h2>
        {days.error !== undefined && <LoadError error={days.error} retry={days.reload} />}
        {days.data && days.data.items.length === 0 && <p>{t('training.no_days')}</p>}
        {days.data && days.data.items.length > 0 && (
          <TableWrap label={t('training.totals')}>
            <table class="list numbers" data-testid="attendance-totals">
              <thead>
                <tr>
                  <th scope="col">{t('training.day')}</th>
                  {marks.map((m) => (
                    <th key={m} scope="col">
                      {t(`training.${m}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {days.data.items.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{i.date(d.day)}</th>
                    {marks.map((m) => (
                      <td key={m}>{i.number(d[m])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>

      {writable && people.length > 0 && <CompletionForm training={x} people={people} onSaved={changed} />}
    </Page>
  );
}

function EnrolledTable({ people }: { people: Enrolment[] }) {
  const i = useI18n();
  const { t } = i;
  const outcome = (e: Enrolment) =>
    e.completed === null
      ? t('training.not_recorded')
      : t(e.completed ? 'training.completed_on' : 'training.not_completed_on', {
          date: i.date(e.completed_on ?? ''),
        });
  return (
    <TableWrap label={t('training.people')}>
      <table class="list" data-testid="enrolled">
        <caption class="visually-hidden">{t('training.people')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('apps.reference')}</th>
            <th scope="col">{t('apps.name')}</th>
            <th scope="col">{t('apps.status')}</th>
            <th scope="col">{t('training.attendance')}</th>
            <th scope="col">{t('training.outcome')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((e) => (
            <tr key={e.application_id}>
              <td dir="ltr" class="ref">
                <Link href={`/staff/applications/${e.application_id}`}>{e.reference}</Link>
              </td>
              <td>
                <ApplicantName a={e} />
              </td>
              <td>
                <StatusBadge state={e.status} />
              </td>
              <td>
                {t('training.attendance_totals', {
                  present: i.number(e.attendance.present),
                  absent: i.number(e.attendance.absent),
                  excused: i.number(e.attendance.excused),
                })}
              </td>
              <td>{outcome(e)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

function EnrolForm({ training, onDone }: { training: Training; onDone(): void }) {
  const { t } = useI18n();
  const [who, setWho] = useState('');
  const [done, setDone] = useState('');
  const sent = useSent();
  const label = t('training.enrol_who');
  async function submit(e: Event) {
    e.preventDefault();
    setDone('');
    const id = await sent.send(() => findApplication(who, training.program));
    if (id === undefined) return;
    if (id === null) {
      sent.refuse('application_id', t('training.unknown_application'));
      return;
    }
    const added = await sent.send(() =>
      api<Enrolment>('POST', `/trainings/${training.id}/enrolments`, { application_id: id }),
    );
    if (!added) return;
    setWho('');
    setDone(t('training.enrolled_one', { ref: added.reference, state: t(`state.${added.status}`) }));
    onDone();
  }
  return (
    <form class="form" onSubmit={submit} noValidate aria-labelledby="enrol-title">
      <h3 id="enrol-title">{t('training.enrol')}</h3>
      <FormErrors sent={sent} fields={{ application_id: { id: 'e-application', label } }} />
      <Input
        id="e-application"
        label={label}
        hint={t('training.enrol_hint')}
        dir="ltr"
        required
        value={who}
        error={sent.errors.application_id}
        onInput={(e) => setWho(e.currentTarget.value)}
      />
      <button type="submit" class="button primary" disabled={sent.busy || !who.trim()}>
        {t('training.enrol_submit')}
      </button>
      {done && <SuccessNotice>{done}</SuccessNotice>}
    </form>
  );
}

/* The day the attendance form opens on: today while the training runs, else its
 * last day if it is over, else its first. */
function defaultDay(x: Training): string {
  const d = utcToday();
  if (d > x.ends_on) return x.ends_on;
  return d < x.starts_on ? x.starts_on : d;
}

function AttendanceForm(props: {
  training: Training;
  people: Enrolment[];
  writable: boolean;
  onSaved(): void;
}) {
  const i = useI18n();
  const { t } = i;
  const x = props.training;
  const [day, setDay] = useState(() => defaultDay(x));
  const recorded = useLoad(
    () =>
      day
        ? api<ListPage<AttendanceMark>>('GET', `/trainings/${x.id}/attendance/${day}`)
        : Promise.resolve({ items: [], next: null }),
    [x.id, day],
  );
  const [chosen, setChosen] = useState<Record<number, AttendanceStatus>>({});
  const [done, setDone] = useState('');
  const sent = useSent();
  useEffect(
    () =>
      setChosen(Object.fromEntries((recorded.data?.items ?? []).map((m) => [m.application_id, m.status]))),
    [recorded.data],
  );

  async function submit(e: Event) {
    e.preventDefault();
    setDone('');
    const records = Object.entries(chosen).map(([id, status]) => ({ application_id: Number(id), status }));
    const saved = await sent.send(() =>
      api<ListPage<AttendanceMark>>('PUT', `/trainings/${x.id}/attendance/${day}`, { records }),
    );
    if (!saved) return;
    setDone(t('training.attendance_saved', { day: i.date(day) }));
    props.onSaved();
  }

  return (
    <form class="card" onSubmit={submit} noValidate aria-labelledby="attendance-title">
      <h2 id="attendance-title">{t('training.attendance_of_day')}</h2>
      <FormErrors
        sent={sent}
        fields={{
          day: { id: 'a-day', label: t('training.day') },
          records: { id: 'attendance-table', label: t('training.attendance') },
        }}
      />
      <Input
        id="a-day"
        type="date"
        label={t('training.day')}
        min={x.starts_on}
        max={x.ends_on}
        value={day}
        error={sent.errors.day}
        onInput={(e) => {
          setDone('');
          setDay(e.currentTarget.value);
        }}
      />
      {recorded.error !== undefined && <LoadError error={recorded.error} retry={recorded.reload} />}
      <fieldset class="plain" disabled={!props.writable || recorded.loading} id="attendance-table">
        <legend class="visually-hidden">{t('training.attendance_of_day')}</legend>
        <TableWrap label={t('training.attendance_of_day')}>
          <table class="list">
            <thead>
              <tr>
                <th scope="col">{t('apps.name')}</th>
                <th scope="col">{t('training.attendance')}</th>
              </tr>
            </thead>
            <tbody>
              {props.people.map((e) => (
                <tr key={e.application_id}>
                  <th scope="row" id={`mark-${e.application_id}`}>
                    <ApplicantName a={e} />
                    <br />
                    <small dir="ltr" class="ref">
                      {e.reference}
                    </small>
                  </th>
                  <td>
                    <div role="radiogroup" aria-labelledby={`mark-${e.application_id}`} class="radios">
                      {marks.map((m) => (
                        <label key={m} class="radio">
                          <input
                            type="radio"
                            id={`mark-${e.application_id}-${m}`}
                            name={`mark-${e.application_id}`}
                            value={m}
                            checked={chosen[e.application_id] === m}
                            onChange={() => setChosen((old) => ({ ...old, [e.application_id]: m }))}
                          />
                          {t(`training.${m}`)}
                        </label>
                      ))}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </fieldset>
      {props.writable && (
        <button type="submit" class="button primary" disabled={sent.busy || recorded.loading}>
          {t('training.attendance_save')}
        </button>
      )}
      {done && <SuccessNotice>{done}</SuccessNotice>}
    </form>
  );
}

function CompletionForm(props: { training: Training; people: Enrolment[]; onSaved(): void }) {
  const i = useI18n();
  const { t } = i;
  const [who, setWho] = useState('');
  const [completed, setCompleted] = useState('');
  const [on, setOn] = useState(() =>
    utcToday() < props.training.ends_on ? utcToday() : props.training.ends_on,
  );
  const [done, setDone] = useState('');
  const sent = useSent();
  const fields = {
    application_id: { id: 'c-application', label: t('training.beneficiary') },
    completed: { id: 'c-completed', label: t('training.outcome') },
    completed_on: { id: 'c-completed_on', label: t('training.outcome_on') },
  };
  async function submit(e: Event) {
    e.preventDefault();
    setDone('');
    if (!who) {
      sent.refuse('application_id', t('v.required'));
      return;
    }
    const saved = await sent.send(() =>
      api<Enrolment>('PATCH', `/trainings/${props.training.id}/enrolments/${who}`, {
        completed: completed === '' ? null : completed === 'yes',
        completed_on: on || null,
      }),
    );
    if (!saved) return;
    setDone(t('training.outcome_saved', { ref: saved.reference }));
    props.onSaved();
  }
  return (
    <form class="card form" onSubmit={submit} noValidate aria-labelledby="completion-title">
      <h2 id="completion-title">{t('training.completion')}</h2>
      <FormErrors sent={sent} fields={fields} />
      <Select
        id={fields.application_id.id}
        label={fields.application_id.label}
        required
        value={who}
        error={sent.errors.application_id}
        placeholder={t('common.choose')}
        onInput={(e) => setWho(e.currentTarget.value)}
        options={props.people.map((p) => ({
          value: String(p.application_id),
          label: `${p.reference} — ${applicantNameText(p, i.lang)}`,
        }))}
      />
      <RadioGroup
        id={fields.completed.id}
        legend={fields.completed.label}
        required
        value={completed}
        error={sent.errors.completed}
        onChange={setCompleted}
        options={[
          { value: 'yes', label: t('training.completed') },
          { value: 'no', label: t('training.not_completed') },
        ]}
      />
      <Input
        id={fields.completed_on.id}
        type="date"
        label={fields.completed_on.label}
        required
        value={on}
        error={sent.errors.completed_on}
        onInput={(e) => setOn(e.currentTarget.value)}
      />
      <button type="submit" class="button primary" disabled={sent.busy}>
        {t('training.outcome_save')}
      </button>
      {done && <SuccessNotice>{done}</SuccessNotice>}
    </form>
  );
}
