// The frame of every page — skip link, header with the language switcher and the
// main navigation — and the choice of the page from the path. The staff back office
// is a separate chunk, loaded only when a staff page is opened.
import { Loading, LoadError } from './components/Loading';
import { LanguageSwitcher } from './components/LanguageSwitcher';
import { Page } from './components/Page';
import { useLoad } from './components/useLoad';
import { useI18n } from './i18n';
import { ConfirmationPage } from './public/Confirmation';
import { LoginPage } from './public/Login';
import { ProgramsPage } from './public/Programs';
import { RegisterPage } from './public/Register';
import { StatusPage } from './public/Status';
import { Link, match, useLocation, type Location } from './router';

const loadStaff = () => import('./staff/StaffArea');

function Staff({ loc }: { loc: Location }) {
  const staff = useLoad(loadStaff, []);
  if (staff.data) return <staff.data.StaffArea loc={loc} />;
  if (staff.error !== undefined) return <LoadError error={staff.error} retry={staff.reload} />;
  return <Loading />;
}

function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('common.not_found')}>
      <Link href="/">{t('common.back_home')}</Link>
    </Page>
  );
}

function route(loc: Location) {
  const p = loc.path;
  let m: Record<string, string> | null;
  if (p === '/' || p === '/index.html') return <ProgramsPage />;
  if ((m = match('/register/:code', p))) return <RegisterPage key={m.code} code={m.code} />;
  if ((m = match('/registered/:reference', p)))
    return <ConfirmationPage reference={m.reference} status={loc.query.get('status') ?? 'submitted'} />;
  if (p === '/status') return <StatusPage initialReference={loc.query.get('reference') ?? ''} />;
  if (p === '/login') return <LoginPage next={loc.query.get('next')} expired={loc.query.has('expired')} />;
  if (p === '/staff' || p.startsWith('/staff/')) return <Staff loc={loc} />;
  return <NotFound />;
}

function NavLink({ href, current, label }: { href: string; current: boolean; label: string }) {
  return (
    <Link href={href} aria-current={current ? 'page' : undefined}>
      {label}
    </Link>
  );
}

export function App() {
  const { t } = useI18n();
  const loc = useLocation();
  const staff = loc.path.startsWith('/staff') || loc.path === '/login';
  return (
    <>
      <a class="skip" href="#main">
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="bar">
          <Link href="/" class="brand">
            <span class="logo" aria-hidden="true">
              س
            </span>
            <span class="brand-text">
              <span class="brand-name">{t('app.name')}</span>
              <span class="tagline">{t('app.tagline')}</span>
            </span>
          </Link>
          <LanguageSwitcher />
        </div>
        <nav class="mainnav" aria-label={t('app.menu')}>
          <NavLink href="/" current={loc.path === '/'} label={t('nav.programs')} />
          <NavLink href="/status" current={loc.path === '/status'} label={t('nav.status')} />
          <NavLink href="/staff" current={staff} label={t('nav.staff')} />
        </nav>
      </header>
      <main id="main" tabIndex={-1}>
        {route(loc)}
      </main>
    </>
  );
}
