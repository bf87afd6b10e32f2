// @ts-check
/** #/login: username and password; the token lives in sessionStorage until logout or tab close. */
import { api } from '../api.js';
import { h, mount } from '../dom.js';
import { errorBox } from '../messages.js';
import { homeHash, saveSession } from '../session.js';

/** @type {import('../main.js').View} */
export function renderLogin(container, route) {
  const problem = h('div', { class: 'form-problem' });
  const username = h('input', { id: 'login-username', name: 'username', autocomplete: 'username', required: true, spellcheck: 'false' });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-wide', text: 'Log in' });

  const form = h(
    'form',
    { class: 'login-form', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', text: 'Log in' }),
    h('p', { class: 'muted', text: 'Customer-service work orders: inbox, handling and callbacks.' }),
    route.params.get('expired') && h('div', { class: 'message message-info', text: 'Your session has ended. Please log in again.' }),
    problem,
    h('label', { for: 'login-username', text: 'Username' }),
    username,
    h('label', { for: 'login-password', text: 'Password' }),
    password,
    submit,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit.disabled = true;
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
      });
  });
  mount(container, h('section', { class: 'login-page' }, form));
  username.focus();
}
