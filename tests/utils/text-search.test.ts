import { describe, expect, it } from 'vitest';
import { includesAnyWord, includesWord } from '../../rules/utils/text-search.js';

// Words the rules' text gates look for: anchors at a capital (`setInterval`), at an inner letter
// (`unshift`), at a symbol (`.on`, `'on'`), and words whose anchor is the whole word (`push`).
const WORDS = ['setInterval', 'setTimeout', 'findMany', 'Repository', 'unshift', 'Reflect', 'push', '.on', "'on'", 'knex', 'select', 'SELECT', 'class', 'x'];

describe('includesWord', () => {
  it.each([
    ['const id = setInterval(tick, 1000);', 'setInterval', true],
    ['Interval only; resetInterval is not setInterval?', 'setInterval', true],
    ['resetIntervalOf', 'setInterval', true],
    ['Interval, Int32Array, setInterva', 'setInterval', false],
    // The anchor at the very start of the text cannot be preceded by the word's start.
    ['Interval', 'setInterval', false],
    ['db.user.findMany()', 'findMany', true],
    ['findManyOf'.slice(0, 7), 'findMany', false],
    ['emitter.once(x)', '.on', true],
    ["on('data')", "'on'", false],
    ["emitter.on('data', fn)", "'on'", false],
    ["emitter.addListener('on', fn)", "'on'", true],
    ['', 'push', false],
  ])('%j includes %j: %s', (text, word, expected) => {
    expect(includesWord(text, word)).toBe(expected);
    expect(text.includes(word)).toBe(expected);
  });

  it('agrees with String.prototype.includes on generated text', () => {
    // Text made of the words' own pieces, so near-misses (an anchor without its prefix) are common.
    const pieces = ['set', 'Int', 'erval', 'Timeout', 'find', 'Many', 'Repo', 'sitory', 'un', 'shift', 'Ref', 'lect', 'pu', 'sh', '.', 'on', "'", 'kn', 'ex', 'se', 'SEL', 'ECT', 'cl', 'ass', ' ', '\n'];
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let sample = 0; sample < 2000; sample++) {
      const text = Array.from({ length: next() % 12 }, () => pieces[next() % pieces.length]).join('');
      for (const word of WORDS) expect(includesWord(text, word), `${JSON.stringify(text)} / ${word}`).toBe(text.includes(word));
    }
  });
});

describe('includesAnyWord', () => {
  it('is true when one of the words is in the text', () => {
    expect(includesAnyWord('timer = setTimeout(run, 10)', ['setInterval', 'setTimeout'])).toBe(true);
    expect(includesAnyWord('const timeout = 10;', ['setInterval', 'setTimeout'])).toBe(false);
    expect(includesAnyWord('anything', [])).toBe(false);
  });
});
