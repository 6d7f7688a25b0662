// Calls to the Sanad JSON API: the chosen language as Accept-Language, the CSRF
// token on unsafe methods, and errors turned into ApiError carrying the server's
// messages (already in that language), field by field.
import { langStore, type Translate } from './i18n';
import { createStore } from './store';

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

/* The "error" object of an error answer; some carry more members (the rule of
 * not_eligible, the report of import_rejected). */
export interface ErrorObject {
  code?: string;
  message?: string;
  fields?: FieldError[];
  rule?: string;
  [more: string]: unknown;
}

export class ApiError extends Error {
  readonly code: string;
  readonly fields: FieldError[];
  readonly rule?: string;

  constructor(
    readonly status: number /* 0: the server could not be reached */,
    readonly error: ErrorObject,
  ) {
    super(error.message ?? '');
    this.code = error.code ?? `http_${status}`;
    this.fields = error.fields ?? [];
    this.rule = error.rule;
  }
}

/* The CSRF token of the session, from the login or /auth/me. */
export const csrfStore = createStore<string>('');
/* Set when a staff call is answered 401: the session has ended (expired, or
 * revoked by an admin). The staff area clears it when it has sent the user to the
 * login page. */
export const sessionExpired = createStore<boolean>(false);

/* A file sent as it is, with its content type. */
export interface RawBody {
  file: Blob;
  type: string;
}

export async function api<T>(method: string, path: string, body?: object | RawBody): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': langStore.get(),
  };
  if (method !== 'GET' && csrfStore.get()) headers['X-CSRF-Token'] = csrfStore.get();
  let payload: BodyInit | undefined;
  if (body && 'file' in body && body.file instanceof Blob) {
    headers['Content-Type'] = body.type;
    payload = body.file;
  } else if (body) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, { code: 'network' });
  }
  const data: unknown = await res.json().catch(() => null);
  if (res.ok) return data as T;
  const err = (data as { error?: ErrorObject } | null)?.error ?? { message: res.statusText };
  if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') sessionExpired.set(true);
  throw new ApiError(res.status, err);
}

/* The text to show for a failed call. */
export function errorText(e: unknown, t: Translate): string {
  if (e instanceof ApiError) return e.status === 0 ? t('common.network_error') : e.message;
  return String(e);
}

/* "?a=1&b=x" from the values that are set; "" when none is. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
