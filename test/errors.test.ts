// The error contract (issue 13): system errors become one line with the path and a hint; control
// characters never reach the terminal; a run-in lead ending in ASCII punctuation before a Latin word
// keeps its bold (no literal ** in the handout).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { escapeControls, formatError, LecternError, systemError } from '../src/errors';
import { runIn } from '../src/templates';

test('EACCES, ENOTDIR, EEXIST, ENOSPC: one line with the path and a hint', () => {
  for (const [code, what, hint] of [
    ['EACCES', /permission denied/, /permissions/],
    ['ENOTDIR', /not a folder/, /rename or remove/],
    ['EEXIST', /already exists/, /rename or remove/],
    ['ENOSPC', /disk is full/, /free some space/],
  ] as const) {
    const e = Object.assign(new Error(`${code}: something, open '/x/out/a/b'`), { code, path: '/x/out/a/b' });
    const line = formatError(e);
    assert.match(line, /^\/x\/out\/a\/b: /, line);
    assert.match(line, what);
    assert.match(line, new RegExp(` — .*${hint.source}`));
    assert.doesNotMatch(line, /internal error|\n/);
    assert.equal(systemError(e, 'other')?.file, 'other');
  }
});

test('internal errors print one line; control characters are escaped', () => {
  const e = new Error('first line\n    at somewhere (x.js:1:2)');
  assert.equal(formatError(e), 'internal error: first line');
  assert.equal(escapeControls('a\x1b[31mb\x07c\td'), 'a\\x1b[31mb\\x07c\td');
  assert.equal(
    new LecternError('x.txt', 'bad \x1b]0;title\x07', { line: 3 }).format(),
    'x.txt:3: bad \\x1b]0;title\\x07',
  );
});

test('a run-in lead ending in ASCII punctuation before a Latin word stays bold', () => {
  // as the handout's reader parses it (src/handout/parse.ts)
  const md = new MarkdownIt('commonmark').use(cjkFriendly);
  for (const [lead, rest] of [
    ['一、关于KPI:', 'KPI考核要落到实处。'],
    ['第一，OKR.', '9成目标'],
    ['一是加强学习。', '要……'],
    ['注意!', 'ABC'],
  ]) {
    const html = md.renderInline(runIn(lead, rest));
    assert.equal(html, `<strong>${lead}</strong>${rest}`, runIn(lead, rest));
  }
  assert.equal(runIn('一是加强学习。', '要……'), '**一是加强学习。**要……', 'unchanged where it already worked');
});
