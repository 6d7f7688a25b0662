// The signed-in staff member: loaded from /auth/me on arrival (so a reload keeps the
// session), set by the login, cleared by the logout or when the server says 401.
import { api, ApiError, csrfStore } from './api';
import { createStore } from './store';
import type { User } from './types';

export type Session = { state: 'unknown' } | { state: 'anonymous' } | { state: 'signed_in'; user: User };

export const sessionStore = createStore<Session>({ state: 'unknown' });

interface Me {
  user: User;
  csrf_token?: string;
}

function signedIn(me: Me) {
  csrfStore.set(me.csrf_token ?? '');
  sessionStore.set({ state: 'signed_in', user: me.user });
}

export function signedOut() {
  csrfStore.set('');
  sessionStore.set({ state: 'anonymous' });
}

export async function loadSession(): Promise<void> {
  try {
    signedIn(await api<Me>('GET', '/auth/me'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) signedOut();
    else throw e;
  }
}

export async function login(username: string, password: string): Promise<void> {
  signedIn(await api<Me>('POST', '/auth/login', { username, password }));
}

export async function logout(): Promise<void> {
  try {
    await api('POST', '/auth/logout');
  } finally {
    signedOut();
  }
}
