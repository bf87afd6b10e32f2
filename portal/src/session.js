// @ts-check
/**
 * The login session of this browser tab. sessionStorage: closing the tab logs out, and two tabs
 * may hold two different users (a handler and an agent side by side).
 */

/** @typedef {import('./types.js').Session} Session */
/** @typedef {import('./types.js').Role} Role */

const KEY = 'closeloop.session';

/** @returns {Session | null} the session, or null when none or expired */
export function currentSession() {
  const raw = sessionStorage.getItem(KEY);
  if (!raw) return null;
  try {
    const parsed = /** @type {unknown} */ (JSON.parse(raw));
    const session = /** @type {Session} */ (parsed);
    if (session.expiresAt && new Date(session.expiresAt).getTime() <= Date.now()) {
      clearSession();
      return null;
    }
    return session;
  } catch {
    clearSession();
    return null;
  }
}

/** @param {Session} session */
export function saveSession(session) {
  sessionStorage.setItem(KEY, JSON.stringify(session));
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

/**
 * @param {...Role} roles
 * @returns {boolean} whether the logged-in user holds one of `roles`
 */
export function hasRole(...roles) {
  const session = currentSession();
  return Boolean(session?.user.roles.some((r) => roles.includes(r)));
}

/** The first page after login: where the user's work waits. */
export function homeHash() {
  if (hasRole('handler', 'supervisor')) return '#/inbox';
  if (hasRole('agent')) return '#/inbox/mine';
  if (hasRole('designer')) return '#/designer';
  return '#/work-orders';
}
