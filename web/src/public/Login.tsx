// The staff login. On success, on to the page asked for (?next=) or the back office.
import { useEffect, useState } from 'preact/hooks';
import { errorText } from '../api';
import { Input } from '../components/Field';
import { ErrorNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { login, sessionStore } from '../session';

/* Only paths of this app: never an address elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/staff') ? next : '/staff';
}

export function LoginPage({ next, expired }: { next: string | null; expired: boolean }) {
  const { t } = useI18n();
  const session = sessionStore.use();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (session.state === 'signed_in') navigate(safeNext(next), { replace: true });
  }, [session.state]);

  async function submit(e: Event) {
    e.preventDefault();
    setFailure('');
    setBusy(true);
    try {
      await login(username, password);
    } catch (err) {
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={t('login.title')}>
      {expired && <p class="notice">{t('login.expired')}</p>}
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      <form class="form narrow" onSubmit={submit}>
        <Input
          id="username"
          label={t('login.username')}
          value={username}
          autocomplete="username"
          dir="ltr"
          spellcheck={false}
          autocapitalize="none"
          required
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
        <Input
          id="password"
          type="password"
          label={t('login.password')}
          value={password}
          autocomplete="current-password"
          dir="ltr"
          required
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <button type="submit" class="button primary" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
    </Page>
  );
}
