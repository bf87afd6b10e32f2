import { Languages } from '../../../domain/identity/accounts';
import { sampleView, TEMPLATE_VARIABLES, templateIssues, templateProblems } from '../../../domain/mail/template-rules';
import { MAIL_TEMPLATES, renderMail, TemplateNames } from '../../../domain/mail/templates';

describe('mail template rules', () => {
  it('accepts every built-in template, and renders each with its sample data', () => {
    for (const name of TemplateNames) {
      for (const language of Languages) {
        expect(templateProblems(name, language, MAIL_TEMPLATES[name][language])).toEqual([]);
        expect(renderMail(MAIL_TEMPLATES[name][language], sampleView(name, language), language).text).not.toMatch(/\{\{/);
      }
    }
  });

  it('names each unknown variable once, with where it is', () => {
    expect(templateIssues('{{customerPhone}} {{workOrderId}} {{customerPhone}} {{#vip}}x{{/vip}}', TEMPLATE_VARIABLES.assignment, 'en.body')).toEqual([
      { path: 'en.body', message: 'unknown variable "customerPhone"' },
      { path: 'en.body', message: 'unknown variable "vip"' },
    ]);
  });

  it("knows a list's item fields only inside its section, and its length", () => {
    const digest = TEMPLATE_VARIABLES.digest;
    expect(templateIssues('{{#overdueItems.length}}{{#overdueItems}}{{workOrderId}} {{day}}{{/overdueItems}}{{/overdueItems.length}}', digest, 'en.body')).toEqual([]);
    expect(templateIssues('{{dueAt}}', digest, 'en.body')).toEqual([{ path: 'en.body', message: 'unknown variable "dueAt"' }]);
  });

  it('reports syntax errors and partials', () => {
    expect(templateIssues('{{#link}}open', TEMPLATE_VARIABLES.survey, 'zh-CN.body')[0]!.message).toMatch(/Unclosed section "link"/);
    expect(templateIssues('{{> footer}}', TEMPLATE_VARIABLES.survey, 'zh-CN.body')).toEqual([{ path: 'zh-CN.body', message: '{{> footer}}: partials are not available' }]);
  });

  it('refuses unescaped variables in both spellings: customer text must not reach the HTML mail as markup', () => {
    expect(templateIssues('{{{detail}}} {{&label}} {{ & type }}', TEMPLATE_VARIABLES.assignment, 'en.body')).toEqual([
      { path: 'en.body', message: '{{{detail}}}: unescaped output is not allowed; write {{detail}}' },
      { path: 'en.body', message: '{{&label}}: unescaped output is not allowed; write {{label}}' },
      { path: 'en.body', message: '{{&type}}: unescaped output is not allowed; write {{type}}' },
    ]);
  });
});
