// @ts-check
/** #/login: username and password; the token lives in sessionStorage until logout or tab close. */
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { errorBox } from '../messages.js';
import { t } from '../i18n.js';
import { homeHash, saveSession } from '../session.js';

/** @type {import('../main.js').View} */
export function renderLogin(container, route) {
  const problem = h('div', { class: 'form-problem' });
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: t('login.submit') });

  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', text: t('login.title') }),
    h('p', { class: 'muted', text: t('login.lead') }),
    route.params.get('expired') && h('div', { class: 'message message-info', role: 'status', text: t('login.expired') }),
    route.params.get('signedOut') && h('div', { class: 'message message-info', role: 'status', text: t('login.signedOut') }),
    problem,
    h('label', { for: 'login-username', text: t('login.username') }),
    username,
    h('label', { for: 'login-password', text: t('login.password') }),
    password,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
    submit.textContent = t('login.submitting');
    mount(problem);
    api
      .login(username.value.trim(), password.value)
      .then((session) => {
        saveSession(session);
        const next = route.params.get('next');
        // only a hash of this app, never an address elsewhere
        location.hash = next && next.startsWith('#/') && !next.startsWith('#/login') ? next : homeHash();
      })
      .catch((err) => {
        mount(problem, errorBox(err));
        password.select();
      })
      .finally(() => {
        submit.disabled = false;
        submit.textContent = t('login.submit');
      });
  });
  mount(container, h('section', { class: 'login-page' }, form));
  username.focus();
}
