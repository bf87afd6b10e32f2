// The parts of the bpmn-io server-side packages Closeloop uses (they ship no declarations for Node).

declare module 'bpmn-moddle' {
  export interface ModdleElement {
    readonly $type: string;
    readonly id?: string;
    readonly name?: string;
    readonly [key: string]: unknown;
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string): Promise<{ rootElement: ModdleElement; warnings: { message: string }[] }>;
  }
}

declare module 'bpmnlint' {
  import type { ModdleElement } from 'bpmn-moddle';
  export interface Report {
    readonly id?: string;
    readonly message: string;
    readonly category: 'error' | 'warn' | 'info' | 'rule-error';
  }
  export interface Reporter {
    report(id: string, message: string): void;
  }
  export type RuleFactory = () => { check: (node: ModdleElement, reporter: Reporter) => void };
  export interface Resolver {
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export class Linter {
    constructor(options: { config: Record<string, unknown>; resolver: Resolver });
    lint(root: ModdleElement): Promise<Record<string, Report[]>>;
  }
}

declare module 'bpmnlint/lib/resolver/node-resolver' {
  import type { Resolver } from 'bpmnlint';
  class NodeResolver implements Resolver {
    /** `require`: how rule packages are loaded (default: from the process's working directory). */
    constructor(options?: { require?: NodeJS.Require });
    resolveRule(pkg: string, ruleName: string): unknown;
    resolveConfig(pkg: string, configName: string): unknown;
  }
  export = NodeResolver;
}
