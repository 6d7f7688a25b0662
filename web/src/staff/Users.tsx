// User management, for admins: the accounts, the creation of one (its role decides
// whether it needs a region or an organisation), and for each account its role,
// scope, name, password and active state, and the end of its open sessions.
import { useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api';
import { Checkbox, Input, Select } from '../components/Field';
import { LoadError, Loading, NotLoadedPage } from '../components/Loading';
import { ErrorNotice, SuccessNotice } from '../components/Notice';
import { Page } from '../components/Page';
import { useLoad } from '../components/useLoad';
import { getRegions } from '../data';
import { roles, scopeOf } from '../domain/permissions';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { Organisation, Page as ListPage, Region, Role, User } from '../types';
import { TableWrap } from '../components/TableWrap';

function loadScopes() {
  return Promise.all([
    getRegions(),
    api<ListPage<Organisation>>('GET', '/organisations').then((p) => p.items),
  ]);
}

export function UsersPage() {
  const i = useI18n();
  const { t } = i;
  const users = useLoad(() => api<ListPage<User>>('GET', '/users?limit=500'), []);
  const scopes = useLoad(loadScopes, []);
  const regionName = (code?: string) => {
    const r = scopes.data?.[0].find((x) => x.code === code);
    return r ? i.name(r) : (code ?? t('common.none'));
  };
  return (
    <Page title={t('users.title')}>
      {users.error !== undefined && <LoadError error={users.error} retry={users.reload} />}
      {users.loading && !users.data && <Loading />}
      {users.data && (
        <TableWrap label={t('users.title')}>
          <table class="list">
            <caption class="visually-hidden">{t('users.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('users.username')}</th>
                <th scope="col">{t('users.full_name')}</th>
                <th scope="col">{t('users.role')}</th>
                <th scope="col">{t('users.region')}</th>
                <th scope="col">{t('users.status')}</th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((u) => (
                <tr key={u.id}>
                  <td dir="ltr">
                    <Link href={`/staff/users/${u.id}`}>{u.username}</Link>
                  </td>
                  <td>{u.full_name ?? t('common.none')}</td>
                  <td>{t(`role.${u.role}`)}</td>
                  <td>{u.region ? regionName(u.region) : t('common.none')}</td>
                  <td>{u.active ? t('users.enabled') : t('users.disabled')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {scopes.data && (
        <UserForm regions={scopes.data[0]} organisations={scopes.data[1]} onSaved={users.reload} />
      )}
    </Page>
  );
}

export function UserPage({ id }: { id: string }) {
  const { t } = useI18n();
  const user = useLoad(() => api<User>('GET', `/users/${encodeURIComponent(id)}`), [id]);
  const scopes = useLoad(loadScopes, []);
  const [revoked, setRevoked] = useState('');
  if (user.error !== undefined || !user.data || !scopes.data)
    return <NotLoadedPage title={t('users.title')} loaded={user} />;
  const u = user.data;
  const revoke = () =>
    api('DELETE', `/users/${u.id}/sessions`).then(
      () => setRevoked(t('users.revoked')),
      (e: unknown) => setRevoked(errorText(e, t)),
    );
  return (
    <Page title={t('users.edit', { name: u.username })}>
      <p>
        <Link href="/staff/users">{t('users.title')}</Link>
      </p>
      <UserForm user={u} regions={scopes.data[0]} organisations={scopes.data[1]} onSaved={user.reload} />
      <p>
        <button type="button" class="button secondary" onClick={revoke}>
          {t('users.revoke')}
        </button>
      </p>
      {revoked && <p role="status">{revoked}</p>}
    </Page>
  );
}

function UserForm(props: { user?: User; regions: Region[]; organisations: Organisation[]; onSaved(): void }) {
  const i = useI18n();
  const { t } = i;
  const creating = !props.user;
  const [username, setUsername] = useState(props.user?.username ?? '');
  const [fullName, setFullName] = useState(props.user?.full_name ?? '');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>(props.user?.role ?? 'regional_coordinator');
  const [region, setRegion] = useState(props.user?.region ?? '');
  const [organisation, setOrganisation] = useState(props.user?.organisation?.toString() ?? '');
  const [active, setActive] = useState(props.user?.active ?? true);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const scope = scopeOf(role);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure('');
    setSaved('');
    const body = {
      ...(creating ? { username } : {}),
      ...(password ? { password } : {}),
      full_name: fullName,
      role,
      region: scope === 'region' ? region || null : null,
      organisation: scope === 'organisation' && organisation ? Number(organisation) : null,
      active,
    };
    try {
      if (creating) await api<User>('POST', '/users', body);
      else await api<User>('PATCH', `/users/${props.user?.id}`, body);
      setSaved(creating ? t('users.created') : t('common.saved'));
      setPassword('');
      if (creating) {
        setUsername('');
        setFullName('');
        setRegion('');
        setOrganisation('');
      }
      props.onSaved();
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])));
      setFailure(errorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form card" onSubmit={submit} noValidate aria-labelledby="user-form-title">
      <h2 id="user-form-title">{creating ? t('users.new') : t('users.edit', { name: username })}</h2>
      {creating && (
        <Input
          id="u-username"
          label={t('users.username')}
          value={username}
          error={errors.username}
          dir="ltr"
          autocomplete="off"
          required
          onInput={(e) => setUsername(e.currentTarget.value)}
        />
      )}
      <Input
        id="u-full_name"
        label={t('users.full_name')}
        value={fullName}
        error={errors.full_name}
        optional
        onInput={(e) => setFullName(e.currentTarget.value)}
      />
      <Input
        id="u-password"
        type="password"
        label={creating ? t('users.password') : t('users.new_password')}
        hint={t('users.password_hint')}
        value={password}
        error={errors.password}
        optional={!creating}
        autocomplete="new-password"
        dir="ltr"
        onInput={(e) => setPassword(e.currentTarget.value)}
      />
      <Select
        id="u-role"
        label={t('users.role')}
        value={role}
        error={errors.role}
        options={roles.map((r) => ({ value: r, label: t(`role.${r}`) }))}
        onInput={(e) => setRole(e.currentTarget.value as Role)}
      />
      {scope === 'region' && (
        <Select
          id="u-region"
          label={t('users.region')}
          value={region}
          error={errors.region}
          placeholder={t('common.choose')}
          options={props.regions.map((r) => ({ value: r.code, label: i.name(r) }))}
          onInput={(e) => setRegion(e.currentTarget.value)}
        />
      )}
      {scope === 'organisation' && (
        <Select
          id="u-organisation"
          label={t('users.organisation')}
          value={organisation}
          error={errors.organisation}
          placeholder={t('common.choose')}
          options={props.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
          onInput={(e) => setOrganisation(e.currentTarget.value)}
        />
      )}
      <Checkbox
        id="u-active"
        label={t('users.active')}
        checked={active}
        onChange={(e) => setActive(e.currentTarget.checked)}
      />
      <button type="submit" class="button primary" disabled={busy}>
        {creating ? t('users.create') : t('common.save')}
      </button>
      {failure && <ErrorNotice>{failure}</ErrorNotice>}
      {saved && <SuccessNotice>{saved}</SuccessNotice>}
    </form>
  );
}
