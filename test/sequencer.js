// Orders test files for jest's two workers so that the slowest start first and no worker idles at
// the end of the run (npm test must stay under 5 minutes on 2 cores).
//
// jest orders by the durations it cached from the last run, and without them (a fresh clone, as
// CI runs it) by file size, which here says little: the slowest files are short ones that
// synthesize whole apps under every compliance pack. Without a cached duration, this sequencer
// weighs a file by its size plus a fixed cost for each whole-app or all-pack synthesis it makes.
const fs = require('fs');
const Sequencer = require('@jest/test-sequencer').default;

/** Calls that synthesize an app under every compliance pack, or every example, in a test file. */
const HEAVY_CALLS = /checkedApp\(|synthExample\(|synthesizedApps\(|weakeningTests\(|numRuns: [0-9]+, seed/g;

/** The weight of one heavy call, in bytes of test source (roughly 10 s of CPU). */
const HEAVY_WEIGHT = 100_000;

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((t) => t.duration != null)) {
      return sorted;
    }
    const weight = (t) => {
      const source = fs.readFileSync(t.path, 'utf-8');
      return source.length + HEAVY_WEIGHT * (source.match(HEAVY_CALLS) ?? []).length;
    };
    const weights = new Map(sorted.map((t) => [t.path, weight(t)]));
    return [...sorted].sort((a, b) => weights.get(b.path) - weights.get(a.path));
  }
}

module.exports = SlowFirstSequencer;
