// @ts-check
/**
 * Watches the session's end: a banner a few minutes before it ("stay signed in" renews it
 * through the API), and the sign-in page once it has passed, before any request can fail.
 */
import { api } from './api.js';
import { h, mount, byId } from './dom.js';
import { formatDateTime } from './format.js';
import { t } from './i18n.js';
import { showError, showInfo } from './messages.js';
import { currentSession, saveSession } from './session.js';

/** How long before the end the banner appears. */
export const WARN_BEFORE_MS = 5 * 60_000;

/** @type {number | undefined} */
let timer;

/**
 * (Re)plans the banner and the end for the current session; call after sign-in, renewal and
 * each navigation (cheap). `onEnded` shows the sign-in page.
 * @param {() => void} onEnded
 */
export function watchSessionExpiry(onEnded) {
  window.clearTimeout(timer);
  const banner = byId('session-banner');
  const session = currentSession();
  if (!session) {
    mount(banner);
    return;
  }
  const endsAt = new Date(session.expiresAt).getTime();
  const left = endsAt - Date.now();
  if (left > WARN_BEFORE_MS) {
    mount(banner);
    timer = window.setTimeout(() => watchSessionExpiry(onEnded), left - WARN_BEFORE_MS);
    return;
  }
  const stay = h('button', {
    type: 'button',
    class: 'button button-primary',
    text: t('shell.staySignedIn'),
    onclick: () => {
      stay.disabled = true;
      api
        .renewSession()
        .then((renewed) => {
          saveSession(renewed);
          showInfo(t('shell.sessionRenewed', { time: formatDateTime(renewed.expiresAt) }));
          watchSessionExpiry(onEnded);
        })
        .catch((err) => {
          stay.disabled = false;
          showError(err);
        });
    },
  });
  mount(
    banner,
    h('div', { class: 'session-banner', role: 'alert' }, h('span', { text: t('shell.sessionEnds', { time: formatDateTime(session.expiresAt) }) }), stay),
  );
  // currentSession() drops an expired session, so the next check finds none and ends it
  timer = window.setTimeout(() => (currentSession() ? watchSessionExpiry(onEnded) : onEnded()), Math.max(left, 0) + 50);
}
