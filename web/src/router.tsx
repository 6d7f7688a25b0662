// Client-side routing over the History API: the server answers index.html for any
// path that is not under /api/, and the app picks the page from the path.
import type { ComponentChildren, JSX } from 'preact';
import { createStore } from './store';

export interface Location {
  path: string;
  query: URLSearchParams;
}

function current(): Location {
  return { path: location.pathname, query: new URLSearchParams(location.search) };
}

const locationStore = createStore<Location>(current());
/* False until the first navigation: focus moves to a new page's heading only then. */
let navigated = false;

addEventListener('popstate', () => {
  navigated = true;
  locationStore.set(current());
});

export function navigate(to: string, options: { replace?: boolean } = {}) {
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  navigated = true;
  scrollTo(0, 0);
  locationStore.set(current());
}

export function useLocation(): Location {
  return locationStore.use();
}

export function hasNavigated(): boolean {
  return navigated;
}

/* The parameters of `pattern` ("/staff/applications/:id") in `path`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const s = (path.length > 1 ? path.replace(/\/+$/, '') : path).split('/');
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

type LinkProps = Omit<JSX.AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & {
  href: string;
  children?: ComponentChildren;
};

/* An <a> that navigates inside the app on a plain click. */
export function Link(props: LinkProps) {
  const onClick = (e: JSX.TargetedMouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(props.href);
  };
  return <a {...props} onClick={onClick} />;
}
