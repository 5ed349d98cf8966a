// Recognition's first run in a cold build: V8 compiles a regular expression at its first use, and a
// Han class under a quantifier ({2,4}, or a group of it repeated) is compiled into one copy of the class
// per repetition — ~1–1.5 ms each on a cold start (and again when it tiers up to native code). Such
// expressions are tried only on a text that has what they need (a colon, a closing bracket, 摄 at the
// end…); names are tested by isHanWord. The sample has none of those lines (README, Speed). And every
// expression is tried only on a line that can match it (src/source/char-class.ts): V8 compiles each at its
// first use, and again at its second — the sample's recognition ran 83 distinct ones before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { documentFromBytes } from '../src/source/index';

/** Patterns that repeat the Han class: `\p{Script=Han}{m,n}`, or a group ending in it, repeated. */
const REPEATED_HAN = /\\p\{Script=Han\}\)*\{\d/;

/** The distinct expressions recognising the sample runs (by source): a new one on its path costs ~0.1–2 M instructions */
const SAMPLE_EXPRESSIONS = 13;

test('recognising the sample runs no regular expression that repeats the Han class, and few in all', () => {
  const ran = new Set<string>();
  const exec = RegExp.prototype.exec;
  RegExp.prototype.exec = function (this: RegExp, s: string) {
    ran.add(this.source);
    return exec.call(this, s);
  };
  try {
    const file = 'content/guangan-township-forum.txt';
    documentFromBytes(readFileSync(file), file);
  } finally {
    RegExp.prototype.exec = exec;
  }
  assert.ok(ran.size > 5, `the spy saw ${ran.size} expressions`); // it sees the ones recognition runs
  assert.ok(ran.size <= SAMPLE_EXPRESSIONS, `${ran.size} expressions:\n${[...ran].join('\n')}`);
  assert.deepEqual(
    [...ran].filter((s) => REPEATED_HAN.test(s)),
    [],
  );
});
