// Runs test files in jest's usual order, except `*.last.*.spec.ts`, which run after every other
// file: they check what the whole run left behind (the SLA journal of every work order).
const Sequencer = require('@jest/test-sequencer').default;

class LastFilesLastSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const isLast = (test) => /\.last\.[a-z0-9-]+\.spec\.ts$/.test(test.path);
    return [...sorted.filter((t) => !isLast(t)), ...sorted.filter(isLast)];
  }
}

module.exports = LastFilesLastSequencer;
