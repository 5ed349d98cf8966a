// The `slide` helper's text (src/templates/index.ts slideText) is written character by character in
// flat arrays; it must give exactly what the plain form gives — every character escaped on its own
// by escapeMarkdown, <wbr> between pieces (empty ones too), compressible punctuation pairs in
// <span class="halt"> across piece ends — on generated pieces of every kind of character.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compressiblePair } from '../src/deck/measure';
import { escapeMarkdown, slideText } from '../src/templates';

/** slideText as it was first written: the reference */
function plainSlideText(pieces: string | string[]): string {
  const list = typeof pieces === 'string' ? [pieces] : pieces;
  const chars: (string | null)[] = [];
  list.forEach((p, i) => {
    if (i > 0) chars.push(null);
    chars.push(...p);
  });
  const real = chars.map((c, i) => (c === null ? -1 : i)).filter((i) => i >= 0);
  const inPair = new Set<number>();
  for (let k = 0; k + 1 < real.length; k++) {
    if (compressiblePair(chars[real[k]!]!, chars[real[k + 1]!]!)) {
      inPair.add(real[k]!);
      inPair.add(real[k + 1]!);
    }
  }
  let out = '';
  let open = false;
  chars.forEach((c, i) => {
    if (c !== null && inPair.has(i) !== open) {
      out += open ? '</span>' : '<span class="halt">';
      open = !open;
    }
    out += c === null ? '<wbr>' : escapeMarkdown(c);
  });
  return open ? `${out}</span>` : out;
}

const POOL = [
  ...'规划项目招商发展',
  ...'“”‘’，。、；：！？（）《》「」…—',
  ...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
  ...'aZ09 \t',
  '\n',
  '\r',
  '\u3000',
  '𠀋',
  '\uD800',
  '\uDC00',
];

/** A small deterministic generator (the same cases every run) */
function* cases(): Generator<string | string[]> {
  let seed = 42;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const piece = () => Array.from({ length: next(6) }, () => POOL[next(POOL.length)]!).join('');
  yield [];
  yield '';
  yield [''];
  yield ['', ''];
  yield ['“规划”', '“项目”，', '要*好*'];
  for (let n = 0; n < 3000; n++) {
    const count = next(5);
    yield n % 7 === 0 ? piece() : Array.from({ length: count }, piece);
  }
}

test('slideText gives what escaping each character with escapeMarkdown gives, on generated pieces', () => {
  let n = 0;
  for (const c of cases()) {
    assert.equal(slideText(c), plainSlideText(c), JSON.stringify(c));
    n++;
  }
  assert.ok(n > 3000);
});
