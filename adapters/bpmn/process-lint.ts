import { BpmnModdle, type ModdleElement } from 'bpmn-moddle';
import { Linter, type Reporter, type Resolver, type RuleFactory } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import zeebeSchema from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { ProcessIssue as LintIssue } from '../../domain/process/errors';

export type { ProcessIssue as LintIssue } from '../../domain/process/errors';

export interface ProcessModel {
  /** The BPMN process ids, or the DMN decision ids. */
  readonly ids: string[];
  readonly issues: LintIssue[];
}

/** What the platform's code expects of diagrams, given by the caller (workers/index.ts, the routing schema). */
export interface LintContext {
  /** Job types a registered worker takes. */
  readonly workerJobTypes: ReadonlySet<string>;
  /** The job type of job-based user tasks (our inbox takes them). */
  readonly userTaskJobType: string;
  /** Per decision id: the result fields its caller reads; every one must be an output, none else. */
  readonly decisionOutputs: Readonly<Record<string, { required: readonly string[]; allowed: readonly string[] }>>;
}

const CLOSELOOP_PLUGIN = 'bpmnlint-plugin-closeloop';

const isExpression = (value: string): boolean => value.startsWith('=');

/** The zeebe extension elements of a BPMN element, by type. */
function extension(element: ModdleElement, type: string): ModdleElement | undefined {
  const values = (element.extensionElements as { values?: ModdleElement[] } | undefined)?.values ?? [];
  return values.find((v) => v.$type === type);
}

/** Closeloop's own rules, written as bpmnlint rules so they report like the Camunda ones. */
function closeloopRules(context: LintContext): Record<string, RuleFactory> {
  return {
    // every job an instance creates must have a worker, or the instance waits forever
    'job-worker': () => ({
      check(node: ModdleElement, reporter: Reporter) {
        const type = (extension(node, 'zeebe:TaskDefinition') as { type?: string } | undefined)?.type;
        if (type === undefined || isExpression(type)) return;
        if (!context.workerJobTypes.has(type)) reporter.report(node.id ?? '', `No worker takes job type "${type}": instances would wait here forever. Pick a Closeloop job type.`);
      },
    }),
    // the handlers' inbox takes job-based user tasks only (io.camunda.zeebe:userTask jobs)
    'job-based-user-task': () => ({
      check(node: ModdleElement, reporter: Reporter) {
        if (node.$type === 'bpmn:UserTask' && extension(node, 'zeebe:UserTask')) {
          reporter.report(node.id ?? '', 'User tasks must be job-based (no Camunda user task): the Closeloop inbox takes them.');
        }
      },
    }),
  };
}

/** Resolves Closeloop's rules in-process and everything else (the Camunda plugin) as Node modules. */
function resolver(rules: Record<string, RuleFactory>): Resolver {
  const nodeResolver = new NodeResolver({ require });
  return {
    resolveRule: (pkg, name) => (pkg === CLOSELOOP_PLUGIN ? rules[name] : nodeResolver.resolveRule(pkg, name)),
    resolveConfig: (pkg, name) => nodeResolver.resolveConfig(pkg, name),
  };
}

const CONFIG = {
  extends: ['plugin:camunda-compat/camunda-cloud-8-6'],
  rules: {
    // job-based user tasks are Closeloop's choice (see job-based-user-task): no forms, no Camunda user tasks
    'camunda-compat/user-task-definition': 'off',
    'camunda-compat/zeebe-user-task': 'off',
    'closeloop/job-worker': 'error',
    'closeloop/job-based-user-task': 'error',
  },
};

function issuesOf(reports: Record<string, { id?: string; message: string; category: string }[]>): LintIssue[] {
  return Object.entries(reports).flatMap(([rule, found]) =>
    found.map((r) => ({
      ...(r.id ? { elementId: r.id } : {}),
      message: r.message,
      // a rule that crashed is a finding against the diagram too: it was not checked
      category: r.category === 'warn' || r.category === 'info' ? 'warn' : 'error',
      rule,
    })),
  );
}

/** Lints a BPMN diagram with the Camunda 8.6 compatibility rules and Closeloop's own. */
export async function lintBpmn(xml: string, context: LintContext): Promise<ProcessModel> {
  let root: ModdleElement;
  try {
    root = (await new BpmnModdle({ zeebe: zeebeSchema }).fromXML(xml)).rootElement;
  } catch (err) {
    return { ids: [], issues: [{ message: `Not a BPMN 2.0 diagram: ${(err as Error).message}`, category: 'error', rule: 'parse' }] };
  }
  const rules = closeloopRules(context);
  const linter = new Linter({ config: CONFIG, resolver: resolver(rules) });
  const issues = issuesOf(await linter.lint(root));
  const ids = ((root.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process').map((p) => p.id ?? '');
  return { ids, issues };
}

const dmnParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, isArray: (name) => ['decision', 'input', 'output'].includes(name) });

interface DmnDecision {
  id?: string;
  decisionTable?: { output?: { id?: string; name?: string }[] };
}

/** Checks a DMN file parses and each decision a process calls still gives the fields its caller reads. */
export function lintDmn(xml: string, context: Pick<LintContext, 'decisionOutputs'>): ProcessModel {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { ids: [], issues: [{ message: `Not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`, category: 'error', rule: 'parse' }] };
  const decisions = ((dmnParser.parse(xml) as { definitions?: { decision?: DmnDecision[] } }).definitions?.decision) ?? [];
  if (decisions.length === 0) return { ids: [], issues: [{ message: 'Not a DMN 1.3 file: no decision found', category: 'error', rule: 'parse' }] };
  const issues: LintIssue[] = [];
  for (const decision of decisions) {
    const expected = decision.id ? context.decisionOutputs[decision.id] : undefined;
    if (!expected || !decision.id) continue;
    const outputs = decision.decisionTable?.output ?? [];
    const names = outputs.map((o) => o.name ?? '');
    for (const name of expected.required.filter((n) => !names.includes(n))) {
      issues.push({ elementId: decision.id, message: `Output "${name}" is missing: the process reads it from this decision's result.`, category: 'error', rule: 'closeloop/decision-outputs' });
    }
    for (const output of outputs.filter((o) => !expected.allowed.includes(o.name ?? ''))) {
      issues.push({ elementId: output.id ?? decision.id, message: `Output "${output.name ?? ''}" is not one the process knows (${expected.allowed.join(', ')}).`, category: 'error', rule: 'closeloop/decision-outputs' });
    }
  }
  return { ids: decisions.map((d) => d.id ?? ''), issues };
}
