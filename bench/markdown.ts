import { round } from './stats';

/** Markdown helpers shared by the report's sections. */

/** A figure for a table: rounded to `digits` decimals, '-' when there is none. */
export const f = (v: number | undefined, digits = 1): string => (v === undefined || !Number.isFinite(v) ? '-' : String(round(v, digits)));

export const ok = (pass: boolean): string => (pass ? 'yes' : '**no**');

export const table = (head: string[], rows: (string | number)[][]): string =>
  [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

/** What a bottleneck finding says: what, the numbers behind it, where in the code or the set-up, and what would fix it. */
export interface Bottleneck {
  readonly title: string;
  readonly evidence: string[];
  readonly where: string;
  readonly fix: string;
}
