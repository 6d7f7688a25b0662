// Import of applications from a CSV or XLSX file: a dry run first, whose report
// lists every bad row in a table; the import itself only once every row is valid
// (the server writes nothing while any row is bad).
import { useState } from 'preact/hooks';
import { api, ApiError, errorText, type FieldError } from '../api';
import { Select } from '../components/Field';
import { NotLoadedPage } from '../components/Loading';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { getPrograms } from '../data';
import { useI18n } from '../i18n';
import type { ImportReport } from '../types';
import { TableWrap } from '../components/TableWrap';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function contentType(file: File): string {
  return /\.xlsx$/i.test(file.name) || file.type === XLSX ? XLSX : 'text/csv';
}

export function ImportPage() {
  const i = useI18n();
  const { t } = i;
  const programs = useLoad(getPrograms, []);
  const [program, setProgram] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [imported, setImported] = useState<number | null>(null);
  const [failure, setFailure] = useState('');
  const [columns, setColumns] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const code = program || programs.data?.[0]?.code || '';

  async function send(dryRun: boolean) {
    if (!file) {
      setFailure(t('import.no_file'));
      return;
    }
    setBusy(true);
    setFailure('');
    setColumns([]);
    setImported(null);
    try {
      const r = await api<ImportReport>(
        'POST',
        `/programs/${encodeURIComponent(code)}/applications/import${dryRun ? '?dry_run=1' : ''}`,
        { file, type: contentType(file) },
      );
      setReport(r);
      if (!dryRun) setImported(r.imported);
    } catch (err) {
      /* A file with a bad row is refused whole, with the same report as a dry run. */
      const rejected = err instanceof ApiError && err.code === 'import_rejected';
      setReport(rejected ? (err.error as unknown as ImportReport) : null);
      setColumns(err instanceof ApiError ? err.fields : []);
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  if (programs.error !== undefined || !programs.data)
    return <NotLoadedPage title={t('import.title')} loaded={programs} />;
  const ready = report !== null && report.invalid === 0 && report.rows > 0 && imported === null;

  return (
    <Page title={t('import.title')}>
      <p class="lead">{t('import.intro')}</p>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void send(true);
        }}
      >
        <Select
          id="import-program"
          label={t('apps.program')}
          value={code}
          onInput={(e) => {
            setProgram(e.currentTarget.value);
            setReport(null);
          }}
          options={programs.data.map((p) => ({ value: p.code, label: `${p.code} — ${i.name(p)}` }))}
        />
        <div class="field">
          <label for="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => {
              setFile(e.currentTarget.files?.[0] ?? null);
              setReport(null);
              setImported(null);
            }}
          />
        </div>
        <div class="actions">
          <button type="submit" class="button secondary" disabled={busy}>
            {t('import.check')}
          </button>
          <button
            type="button"
            class="button primary"
            disabled={busy || !ready}
            onClick={() => void send(false)}
          >
            {t('import.run')}
          </button>
        </div>
      </form>
      {failure && (
        <ErrorNotice>
          <p>{failure}</p>
          {columns.length > 0 && (
            <ul>
              {columns.map((c) => (
                <li key={c.field}>
                  <bdi>{c.field}</bdi>
                  {t('common.colon')}
                  {c.message}
                </li>
              ))}
            </ul>
          )}
        </ErrorNotice>
      )}
      {imported !== null && <SuccessNotice>{t('import.imported', { n: i.number(imported) })}</SuccessNotice>}
      {report && imported === null && <ReportView report={report} />}
    </Page>
  );
}

function ReportView({ report }: { report: ImportReport }) {
  const i = useI18n();
  const { t } = i;
  const summary = t('import.summary', {
    rows: i.number(report.rows),
    valid: i.number(report.valid),
    invalid: i.number(report.invalid),
  });
  return (
    <section class="card" aria-labelledby="report-title" data-testid="import-report">
      <h2 id="report-title">{summary}</h2>
      <p role="status">{report.invalid === 0 ? t('import.all_valid') : t('import.fix_first')}</p>
      {report.errors.length > 0 && (
        <TableWrap label={t('import.bad_rows')}>
          <table class="list">
            <caption>{t('import.bad_rows')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('import.row')}</th>
                <th scope="col">{t('import.field')}</th>
                <th scope="col">{t('import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {report.errors.map((e, n) => (
                <tr key={n}>
                  <td>{i.number(e.row)}</td>
                  <td dir="ltr">{e.field}</td>
                  <td>
                    {e.message}
                    {e.other_row !== undefined && ` (${t('import.row')} ${i.number(e.other_row)})`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {report.errors_truncated && <p>{t('import.truncated')}</p>}
    </section>
  );
}
