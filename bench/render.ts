import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../runtime/paths';
import { writeResults, type BenchResults } from './report';

/** Writes bench/results.md again from bench/results.json (after a change of the report's layout): `node dist/bench/render.js`. */
const dir = path.join(projectRoot(), 'bench');
const results = JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as BenchResults;
console.log(`wrote ${writeResults(results, dir).join(' and ')}`);
