// Regular expressions with the Han class are made on their first use (hanRegExp, src/cjk): V8 parses an
// expression when it is made, and each `\p{Script=Han}` in it has ICU build the script's set of code
// points, so recognition's expressions made as their modules loaded cost a cold build even where a
// transcript never tries them (README, Speed). Its own file: the source stage is loaded after the spy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

test('recognising the sample makes no expression with the Han class that it does not try', async () => {
  const made: RegExp[] = [];
  const tried = new Set<RegExp>();
  const Native = globalThis.RegExp;
  globalThis.RegExp = new Proxy(Native, {
    construct(target, args, newTarget) {
      const re = Reflect.construct(target, args, newTarget) as RegExp;
      if (String(args[0]).includes('\\p{Script=Han}')) made.push(re);
      return re;
    },
  });
  const exec = Native.prototype.exec;
  Native.prototype.exec = function (this: RegExp, s: string) {
    tried.add(this);
    return exec.call(this, s);
  };
  try {
    Reflect.construct(RegExp, ['\\p{Script=Han}', 'u']); // the spy's own check: it sees an expression made
    assert.equal(made.length, 1, 'the spy sees an expression with the Han class made');
    made.length = 0;
    const { documentFromBytes } = await import('../src/source/index');
    const file = 'content/guangan-township-forum.txt';
    documentFromBytes(readFileSync(file), file);
  } finally {
    globalThis.RegExp = Native;
    Native.prototype.exec = exec;
  }
  assert.deepEqual(
    made.filter((re) => !tried.has(re)).map((re) => re.source),
    [],
  );
});
