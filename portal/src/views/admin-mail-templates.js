// @ts-check
/**
 * #/admin/mail-templates[?name=assignment]: admins' mail templates (邮件模板). The list says which
 * templates are edited and by whom; one template opens in an editor with its subject and body in
 * both languages, the variables it may use, and a live preview rendered by the API with sample
 * data (the same check as saving: an unknown variable shows at once). Saving makes the next
 * version, which the next mail uses; "reset to default" saves the built-in text as a version.
 */
import '../../styles/admin-sla.css';
import { api } from '../api.js';
import { field } from '../admin-ui.js';
import { saveOnce, versionTable } from '../admin-sla-parts.js';
import { h, mount } from '../dom.js';
import { formatDateTime } from '../format.js';
import { t } from '../i18n.js';
import { errorBox, showError, showInfo } from '../messages.js';

/**
 * @typedef {import('../types.js').MailTemplateState} MailTemplateState
 * @typedef {import('../types.js').MailTemplatePair} MailTemplatePair
 */

const LANGUAGES = /** @type {const} */ (['zh-CN', 'en']);
/** Wait this long after the last keystroke before asking for a preview (ms). */
const PREVIEW_DELAY_MS = 400;

/** @param {string} [name] @param {number} [saved] */
const hashOf = (name, saved) => `#/admin/mail-templates${name ? `?name=${encodeURIComponent(name)}${saved ? `&saved=${saved}` : ''}` : ''}`;

/** @param {MailTemplateState} s */
const stateText = (s) => (s.current && !s.current.reset ? t('adminSla.templateEdited', { version: s.current.version, by: s.current.savedBy, at: formatDateTime(s.current.savedAt) }) : t('adminSla.templateDefault'));

/** @type {import('../routes.js').View} */
export async function renderAdminMailTemplates(container, route) {
  const { items } = await api.mailTemplates();
  const chosen = route.params.get('name') ?? '';
  const editor = h('div', { 'data-testid': 'template-editor' });
  mount(
    container,
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h1', { class: 'panel-title', text: t('adminSla.templatesTitle') })),
      h('div', { class: 'panel-body' }, h('p', { class: 'hint', text: t('adminSla.templatesHint') })),
      items.length === 0
        ? h('div', { class: 'empty', text: t('adminSla.noTemplates') })
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'table', 'data-testid': 'templates' },
              h('thead', {}, h('tr', {}, [t('adminSla.template'), t('adminSla.subjectZh'), t('adminSla.state')].map((label) => h('th', { scope: 'col', text: label })))),
              h(
                'tbody',
                {},
                items.map((s) =>
                  h(
                    'tr',
                    { class: s.name === chosen ? 'row-selected' : null, 'data-template': s.name },
                    h('td', {}, h('a', { href: hashOf(s.name), text: t(`adminSla.templateName.${s.name}`) }), h('div', { class: 'muted mono', text: s.name })),
                    h('td', { text: s.templates['zh-CN'].subject }),
                    h('td', { text: stateText(s) }),
                  ),
                ),
              ),
            ),
          ),
    ),
    editor,
  );
  if (chosen) await drawEditor(editor, chosen);
}

/** @param {HTMLElement} editor @param {string} name */
async function drawEditor(editor, name) {
  const state = await api.mailTemplate(name);
  // the version this editor was opened on (0: never overridden); a save after someone else's is refused, not merged
  const basedOnVersion = state.current?.version ?? 0;
  /** @type {Record<string, { subject: HTMLInputElement, body: HTMLTextAreaElement }>} */
  const inputs = {};
  const previews = h('div', { class: 'tpl-previews', 'aria-live': 'polite', 'data-testid': 'template-preview' });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const schedulePreview = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void preview(), PREVIEW_DELAY_MS);
  };

  /** @returns {MailTemplatePair} */
  const draft = () => ({
    'zh-CN': { subject: inputs['zh-CN']?.subject.value ?? '', body: inputs['zh-CN']?.body.value ?? '' },
    en: { subject: inputs.en?.subject.value ?? '', body: inputs.en?.body.value ?? '' },
  });

  async function preview() {
    try {
      const rendered = await api.previewMailTemplate(name, draft());
      mount(
        previews,
        LANGUAGES.map((l) =>
          h(
            'article',
            { class: 'tpl-preview', lang: l, 'data-language': l },
            h('h3', { text: t(`adminSla.language.${l}`) }),
            h('p', { class: 'tpl-preview-subject', text: rendered[l].subject }),
            h('pre', { class: 'tpl-preview-text', text: rendered[l].text }),
          ),
        ),
      );
    } catch (err) {
      mount(previews, errorBox(err));
    }
  }

  const columns = LANGUAGES.map((l) => {
    const subject = h('input', { id: `tpl-subject-${l}`, value: state.templates[l].subject, maxlength: 300, lang: l, oninput: schedulePreview });
    const body = h('textarea', { id: `tpl-body-${l}`, rows: 14, maxlength: 20000, lang: l, spellcheck: false, oninput: schedulePreview });
    body.value = state.templates[l].body;
    inputs[l] = { subject, body };
    return h('fieldset', { class: 'tpl-language' }, h('legend', { text: t(`adminSla.language.${l}`) }), field(t('adminSla.subject'), subject), field(t('adminSla.body'), body));
  });

  const variables = h(
    'ul',
    { class: 'tpl-variables', 'data-testid': 'template-variables' },
    Object.entries(state.variables).map(([v, kind]) =>
      h('li', {}, h('code', { text: kind === true ? `{{${v}}}` : `{{#${v}}}…{{/${v}}}` }), kind !== true && h('span', { class: 'muted', text: ` ${t('adminSla.listFields', { fields: kind.join(', ') })}` })),
    ),
  );

  const comment = h('input', { id: 'tpl-comment', maxlength: 500, required: true, placeholder: t('adminSla.templateCommentPlaceholder') });
  const problem = h('div', { class: 'form-problem' });
  const saveButton = h('button', { type: 'submit', class: 'button button-primary', text: t('adminSla.saveTemplate') });
  const resetButton = h('button', {
    type: 'button',
    class: 'button',
    'data-testid': 'template-reset',
    text: t('adminSla.resetTemplate'),
    onclick: () => {
      if (!confirm(t('adminSla.resetConfirm'))) return;
      saveOnce(resetButton, problem, () => api.resetMailTemplate(name, comment.value.trim() || t('adminSla.resetComment'), basedOnVersion), saved);
    },
  });
  /** @param {{ version: number }} version */
  function saved(version) {
    showInfo(t('adminSla.savedVersion', { id: name, version: version.version }));
    location.hash = hashOf(name, version.version);
  }
  const form = h(
    'form',
    { class: 'tpl-form', 'data-testid': 'template-form' },
    h('div', { class: 'tpl-columns' }, columns),
    field(t('adminSla.comment'), comment),
    problem,
    h('div', { class: 'tpl-actions' }, saveButton, resetButton),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    saveOnce(saveButton, problem, () => api.saveMailTemplate(name, draft(), comment.value.trim(), basedOnVersion), saved);
  });

  mount(
    editor,
    h(
      'section',
      { class: 'panel' },
      h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.editTemplate', { name: t(`adminSla.templateName.${name}`) }) }), h('span', { class: 'muted', text: stateText(state) })),
      h('div', { class: 'panel-body tpl-layout' }, form, h('aside', { class: 'tpl-side' }, h('h3', { text: t('adminSla.variables') }), variables, h('h3', { text: t('adminSla.previewTitle') }), previews)),
    ),
    h('section', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', { class: 'panel-title', text: t('adminSla.versions') })), versionTable(state.versions.map((v) => ({ ...v, comment: v.reset ? `${t('adminSla.resetMark')} ${v.comment}` : v.comment })), 'template-versions')),
  );
  try {
    await preview();
  } catch (err) {
    showError(err);
  }
}
