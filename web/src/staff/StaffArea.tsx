// The staff back office: checks the session (a reload keeps it, an expired one
// leads back to the login), shows the sections the user's role allows, and picks
// the page from the path.
import { useEffect } from 'preact/hooks';
import { sessionExpired } from '../api';
import { LoadError, Loading } from '../components/Loading';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { can } from '../domain/permissions';
import { useI18n, type MessageKey } from '../i18n';
import { Link, match, navigate, type Location } from '../router';
import { loadSession, logout, sessionStore, signedOut } from '../session';
import type { User } from '../types';
import { ApplicationPage } from './ApplicationDetail';
import { ApplicationsPage } from './Applications';
import { EnterprisePage } from './EnterpriseDetail';
import { EditEnterprisePage, EnterprisesPage, NewEnterprisePage } from './Enterprises';
import { ImportPage } from './Import';
import { TrainingPage } from './TrainingDetail';
import { EditTrainingPage, NewTrainingPage, TrainingsPage } from './Trainings';
import { NewProgramPage, ProgramSettingsPage, ProgramsAdminPage } from './Programs';
import { UserPage, UsersPage } from './Users';

const loadDashboard = () => import('./dashboard/Dashboard');

function Dashboard({ user, program }: { user: User; program: string | null }) {
  const mod = useLoad(loadDashboard, []);
  if (mod.data) return <mod.data.DashboardPage user={user} program={program} />;
  if (mod.error !== undefined) return <LoadError error={mod.error} retry={mod.reload} />;
  return <Loading />;
}

interface Section {
  href: string;
  label: MessageKey;
  allowed(u: User): boolean;
}

const sections: Section[] = [
  { href: '/staff/applications', label: 'nav.applications', allowed: can.readApplications },
  { href: '/staff/trainings', label: 'training.nav', allowed: can.readTrainings },
  { href: '/staff/enterprises', label: 'enterprise.nav', allowed: can.readEnterprises },
  { href: '/staff/import', label: 'nav.import', allowed: can.writeApplications },
  { href: '/staff/dashboard', label: 'nav.dashboard', allowed: can.readReports },
  { href: '/staff/programs', label: 'nav.settings', allowed: can.readPrograms },
  { href: '/staff/users', label: 'nav.users', allowed: can.manageUsers },
];

function page(loc: Location, user: User) {
  const p = loc.path;
  let m: Record<string, string> | null;
  if (p === '/staff/applications') return <ApplicationsPage user={user} query={loc.query} />;
  if ((m = match('/staff/applications/:id', p))) return <ApplicationPage key={m.id} user={user} id={m.id} />;
  if (p === '/staff/trainings') return <TrainingsPage user={user} query={loc.query} />;
  if (p === '/staff/trainings/new') return <NewTrainingPage user={user} />;
  if ((m = match('/staff/trainings/:id/edit', p)))
    return <EditTrainingPage key={m.id} user={user} id={m.id} />;
  if ((m = match('/staff/trainings/:id', p))) return <TrainingPage key={m.id} user={user} id={m.id} />;
  if (p === '/staff/enterprises') return <EnterprisesPage user={user} query={loc.query} />;
  if (p === '/staff/enterprises/new') return <NewEnterprisePage />;
  if ((m = match('/staff/enterprises/:id/edit', p))) return <EditEnterprisePage key={m.id} id={m.id} />;
  if ((m = match('/staff/enterprises/:id', p))) return <EnterprisePage key={m.id} user={user} id={m.id} />;
  if (p === '/staff/import') return <ImportPage />;
  if (p === '/staff/dashboard') return <Dashboard user={user} program={loc.query.get('program')} />;
  if (p === '/staff/programs') return <ProgramsAdminPage user={user} />;
  if (p === '/staff/programs/new') return <NewProgramPage />;
  if ((m = match('/staff/programs/:code', p)))
    return <ProgramSettingsPage key={m.code} user={user} code={m.code} />;
  if (p === '/staff/users') return <UsersPage />;
  if ((m = match('/staff/users/:id', p))) return <UserPage key={m.id} id={m.id} />;
  return null;
}

function StaffNav({ user, path }: { user: User; path: string }) {
  const { t } = useI18n();
  return (
    <div class="staffbar">
      <nav aria-label={t('nav.staff')} class="staffnav">
        {sections
          .filter((s) => s.allowed(user))
          .map((s) => (
            <Link key={s.href} href={s.href} aria-current={path.startsWith(s.href) ? 'page' : undefined}>
              {t(s.label)}
            </Link>
          ))}
      </nav>
      <div class="who">
        <span>
          {t('login.signed_in', { name: user.full_name || user.username })} · {t(`role.${user.role}`)}
        </span>
        <button
          type="button"
          class="button secondary small"
          onClick={() => logout().finally(() => navigate('/login', { replace: true }))}
        >
          {t('nav.logout')}
        </button>
      </div>
    </div>
  );
}

export function StaffArea({ loc }: { loc: Location }) {
  const { t } = useI18n();
  const session = sessionStore.use();
  const expired = sessionExpired.use();
  const check = useLoad(
    () => (sessionStore.get().state === 'signed_in' ? Promise.resolve() : loadSession()),
    [],
  );
  const user = session.state === 'signed_in' ? session.user : null;
  const first = user ? sections.find((s) => s.allowed(user)) : undefined;
  const here = loc.path + location.search;

  useEffect(() => {
    if (!expired) return;
    sessionExpired.set(false);
    signedOut();
    navigate(`/login?expired=1&next=${encodeURIComponent(here)}`, { replace: true });
  }, [expired]);

  useEffect(() => {
    if (session.state === 'anonymous') navigate(`/login?next=${encodeURIComponent(here)}`, { replace: true });
    else if (first && (loc.path === '/staff' || loc.path === '/staff/'))
      navigate(first.href, { replace: true });
  }, [session.state, loc.path]);

  if (check.error !== undefined) return <LoadError error={check.error} retry={check.reload} />;
  if (!user || (first && (loc.path === '/staff' || loc.path === '/staff/'))) return <Loading />;
  const content = page(loc, user);
  return (
    <>
      <StaffNav user={user} path={loc.path} />
      {content ?? (
        <Page title={t('nav.staff')}>
          <p>{first ? t('common.not_found') : t('login.no_screen')}</p>
        </Page>
      )}
    </>
  );
}
