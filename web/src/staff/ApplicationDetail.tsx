// One application for staff: the applicant's data (which a user allowed to change
// applications may correct), the state changes the workflow and the user's role
// allow (as buttons), the history of transitions and edits, and — for a probable
// duplicate — the two applications side by side with the review decision.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from '../api';
import { TextArea } from '../components/Field';
import { LoadError, Loading, NotLoadedPage } from '../components/Loading';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { StatusBadge } from '../components/StatusBadge';
import { useLoad } from '../components/useLoad';
import { getRegions } from '../data';
import { applicantFields, type ApplicantDataField } from '../domain/applicant';
import { can } from '../domain/permissions';
import { nextStates } from '../domain/workflow';
import { useI18n, type I18n, type MessageKey } from '../i18n';
import { Link } from '../router';
import type { Application, AppState, History, Region, User } from '../types';
import { TableWrap } from '../components/TableWrap';
import { ApplicantCorrection } from './ApplicantCorrection';

/* Fields compared for a probable duplicate. */
const compared: ApplicantDataField[] = [
  'cin',
  'first_name',
  'last_name',
  'first_name_ar',
  'last_name_ar',
  'birth_date',
  'phone',
  'region',
  'province',
];

/* The text shown for one field of an applicant. */
function show(a: Application, f: ApplicantDataField, i: I18n, regions: Region[]): string {
  const v = a.applicant[f];
  if (!v) return i.t('common.none');
  if (f === 'birth_date') return i.date(v);
  if (f === 'sex') return i.t(`sex.${v}` as MessageKey);
  if (f === 'education' || f === 'situation') return i.t(`${f}.${v}` as MessageKey);
  if (f === 'region') {
    const r = regions.find((x) => x.code === v);
    return r ? i.name(r) : v;
  }
  return v;
}

const ltrFields: ApplicantDataField[] = ['cin', 'phone', 'email'];

export function ApplicationPage({ user, id }: { user: User; id: string }) {
  const i = useI18n();
  const { t } = i;
  const app = useLoad(() => api<Application>('GET', `/applications/${encodeURIComponent(id)}`), [id]);
  const history = useLoad(() => api<History>('GET', `/applications/${encodeURIComponent(id)}/history`), [id]);
  const regions = useLoad(getRegions, []);
  const [note, setNote] = useState('');
  const [done, setDone] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  if (app.error !== undefined || !app.data) return <NotLoadedPage title={t('apps.title')} loaded={app} />;
  const a = app.data;
  const regionList = regions.data ?? [];
  const writable = can.writeApplications(user);
  const moves = nextStates(a.status);

  async function act(run: () => Promise<Application>, message: (a: Application) => string) {
    setBusy(true);
    setFailure('');
    setDone('');
    try {
      const updated = await run();
      setNote('');
      setDone(message(updated));
      app.reload();
      history.reload();
    } catch (err) {
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }
  const move = (to: AppState) =>
    act(
      () => api<Application>('POST', `/applications/${a.id}/transitions`, { to, note: note || undefined }),
      (u) => t('detail.moved', { state: t(`state.${u.status}`) }),
    );
  const review = (decision: 'not_duplicate' | 'withdraw') =>
    act(
      () =>
        api<Application>('POST', `/applications/${a.id}/duplicate-review`, {
          decision,
          note: note || undefined,
        }),
      (u) =>
        decision === 'withdraw' ? t('detail.moved', { state: t(`state.${u.status}`) }) : t('dup.cleared'),
    );

  return (
    <Page title={t('detail.title', { ref: a.reference })}>
      <p>
        <Link href="/staff/applications">{t('detail.back')}</Link>
      </p>
      <p class="status-line">
        <StatusBadge state={a.status} />
        {a.flag && <span class="badge badge-flag">{t('flag.probable_duplicate')}</span>}
      </p>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      {done && <SuccessNotice>{done}</SuccessNotice>}

      {a.flag && a.duplicate_of !== null && (
        <DuplicateReview
          a={a}
          otherId={a.duplicate_of}
          regions={regionList}
          writable={writable}
          busy={busy}
          onDecide={review}
        />
      )}

      <section class="card" aria-labelledby="actions-title">
        <h2 id="actions-title">{t('detail.actions')}</h2>
        {!writable && <p>{t('detail.read_only')}</p>}
        {writable && moves.length === 0 && <p>{t('detail.no_moves')}</p>}
        {writable && moves.length > 0 && (
          <>
            <TextArea
              id="note"
              label={t('detail.note')}
              optional
              rows={2}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
            <div class="actions">
              {moves.map((s) => (
                <button
                  key={s}
                  type="button"
                  class={s === 'withdrawn' || s === 'ineligible' ? 'button danger' : 'button primary'}
                  disabled={busy}
                  data-to={s}
                  onClick={() => move(s)}
                >
                  {t(`move.${s}`)}
                </button>
              ))}
            </div>
          </>
        )}
      </section>

      <ApplicantSection
        a={a}
        user={user}
        regions={regions.data}
        onCorrected={() => {
          setFailure('');
          setDone(t('correct.saved'));
          app.reload();
          history.reload();
        }}
      />

      <HistoryList history={history.data} error={history.error} retry={history.reload} />
    </Page>
  );
}

/* The applicant's data, read or, for a user allowed to change applications,
 * corrected in place. */
function ApplicantSection(props: { a: Application; user: User; regions?: Region[]; onCorrected(): void }) {
  const i = useI18n();
  const { t } = i;
  const { a, user } = props;
  const [editing, setEditing] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  const regionList = props.regions ?? [];
  /* A regional coordinator may only place an applicant in her own region. */
  const choosable = user.scope === 'region' ? regionList.filter((r) => r.code === user.region) : regionList;

  /* Back from the form, the focus returns to the button that opened it. */
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  return (
    <section class="card" aria-labelledby="applicant-title">
      <div class="card-head">
        <h2 id="applicant-title">{t('detail.applicant')}</h2>
        {can.writeApplications(user) && !editing && (
          <button
            type="button"
            class="button secondary small"
            ref={editButton}
            disabled={!props.regions}
            onClick={() => setEditing(true)}
          >
            {t('correct.edit')}
          </button>
        )}
      </div>
      {editing ? (
        <ApplicantCorrection
          application={a}
          regions={choosable}
          onSaved={() => {
            setEditing(false);
            props.onCorrected();
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <dl class="details">
          {applicantFields.map((f) => (
            <div key={f}>
              <dt>{t(`field.${f}`)}</dt>
              <dd dir={ltrFields.includes(f) ? 'ltr' : undefined}>{show(a, f, i, regionList)}</dd>
            </div>
          ))}
          <div>
            <dt>{t('detail.program')}</dt>
            <dd>{a.program}</dd>
          </div>
          <div>
            <dt>{t('detail.source')}</dt>
            <dd>{t(`source.${a.source}` as MessageKey)}</dd>
          </div>
          <div>
            <dt>{t('detail.created')}</dt>
            <dd>{i.dateTime(a.created_at)}</dd>
          </div>
          <div>
            <dt>{t('detail.updated')}</dt>
            <dd>{i.dateTime(a.updated_at)}</dd>
          </div>
          <div>
            <dt>{t('detail.consent_at')}</dt>
            <dd>{i.dateTime(a.applicant.consent_at)}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}

function DuplicateReview(props: {
  a: Application;
  otherId: number;
  regions: Region[];
  writable: boolean;
  busy: boolean;
  onDecide(decision: 'not_duplicate' | 'withdraw'): void;
}) {
  const i = useI18n();
  const { t } = i;
  const other = useLoad(() => api<Application>('GET', `/applications/${props.otherId}`), [props.otherId]);
  return (
    <section class="card duplicate" aria-labelledby="dup-title">
      <h2 id="dup-title">{t('dup.title')}</h2>
      <p>{t('dup.intro')}</p>
      {other.loading && <Loading />}
      {other.error !== undefined && <p>{t('dup.unavailable')}</p>}
      {other.data && (
        <TableWrap label={t('dup.title')}>
          <table class="compare">
            <thead>
              <tr>
                <th scope="col">{t('dup.field')}</th>
                <th scope="col">{t('dup.this')}</th>
                <th scope="col">
                  <Link href={`/staff/applications/${other.data.id}`}>{t('dup.other')}</Link>
                </th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">{t('apps.reference')}</th>
                <td dir="ltr" class="ref">
                  {props.a.reference}
                </td>
                <td dir="ltr" class="ref">
                  {other.data.reference}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('apps.status')}</th>
                <td>
                  <StatusBadge state={props.a.status} />
                </td>
                <td>
                  <StatusBadge state={other.data.status} />
                </td>
              </tr>
              {compared.map((f) => {
                const mine = show(props.a, f, i, props.regions);
                const theirs = show(other.data as Application, f, i, props.regions);
                const same = mine === theirs && mine !== t('common.none');
                return (
                  <tr key={f} class={same ? 'same' : undefined}>
                    <th scope="row">
                      {t(`field.${f}`)}
                      {same && <span class="same-mark"> ({t('dup.same')})</span>}
                    </th>
                    <td>{mine}</td>
                    <td>{theirs}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      {props.writable && (
        <div class="actions">
          <button
            type="button"
            class="button primary"
            disabled={props.busy}
            onClick={() => props.onDecide('not_duplicate')}
          >
            {t('dup.not_duplicate')}
          </button>
          <button
            type="button"
            class="button danger"
            disabled={props.busy}
            onClick={() => props.onDecide('withdraw')}
          >
            {t('dup.withdraw')}
          </button>
        </div>
      )}
    </section>
  );
}

/* Who made a change: a staff member by her username; an online registration and
 * the demo data have names no account may take (src/domain/accounts.c). */
function byActor(actor: string, t: I18n['t']): string {
  if (actor === 'applicant') return t('detail.by_applicant');
  if (actor === 'demo') return t('detail.by_demo');
  return t('detail.by', { actor });
}

function HistoryList({ history, error, retry }: { history?: History; error: unknown; retry(): void }) {
  const i = useI18n();
  const { t } = i;
  const events = [
    ...(history?.items ?? []).map((h) => ({
      at: h.at,
      actor: h.actor,
      text: h.from
        ? `${t(`state.${h.from}`)} ${i.rtl ? '←' : '→'} ${t(`state.${h.to}`)}`
        : t(`state.${h.to}`),
      note: h.note,
    })),
    ...(history?.edits ?? []).map((e) => ({
      at: e.at,
      actor: e.actor,
      text: t('detail.edited', {
        fields: Object.keys(e.changes)
          .map((f) => t(`field.${f}` as MessageKey))
          .join(', '),
      }),
      note: undefined,
    })),
  ].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : 0));
  return (
    <section class="card" aria-labelledby="history-title">
      <h2 id="history-title">{t('detail.history')}</h2>
      {error !== undefined && <LoadError error={error} retry={retry} />}
      {history && events.length === 0 && <p>{t('detail.history_empty')}</p>}
      <ol class="timeline">
        {events.map((e, n) => (
          <li key={n}>
            <time dateTime={e.at}>{i.dateTime(e.at)}</time> — <strong>{e.text}</strong> {byActor(e.actor, t)}
            {e.note && <p class="note">{e.note}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
