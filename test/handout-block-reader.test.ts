// The handout's Markdown, when written in the template's subset (blank-line separated ATX headings,
// one-line HTML comments and one-line paragraphs), is read into blocks without markdown-it's block
// parser (templateBlocks): the same blocks, in order, as its tokens hold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import { blockParses, blocksOfTokens, parseHandoutMarkdown, templateBlocks } from '../src/handout/parse';
import { HANDOUT_TRANSCRIPTS, handoutMarkdown, lcg } from './handout-markdown-helpers';
import { sample } from './helpers';

const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(cjkFriendly);
md.core.ruler.disable('inline');

/** templateBlocks' answer for `src` agrees with markdown-it's block parse; false when it declined. */
function agrees(src: string): boolean {
  const read = templateBlocks(src);
  if (read === null) return false;
  const env: Record<string, unknown> = {};
  assert.deepEqual(read, blocksOfTokens(md.parse(src, env)), JSON.stringify(src));
  assert.equal(env.references, undefined, JSON.stringify(src));
  return true;
}

test('the handout Markdown of every fixture and corpus text is read as markdown-it parses its blocks', () => {
  for (const file of HANDOUT_TRANSCRIPTS) {
    const markdown = handoutMarkdown(readFileSync(file, 'utf8'));
    assert.ok(agrees(markdown), `${file}: read by markdown-it`);
  }
});

test("parseHandoutMarkdown reads the sample's blocks without markdown-it's block parser", () => {
  const before = { ...blockParses };
  const blocks = parseHandoutMarkdown(handoutMarkdown(readFileSync(sample, 'utf8')));
  assert.ok(blocks.length > 30, `${blocks.length} blocks`);
  assert.deepEqual(blockParses, { template: before.template + 1, markdownIt: before.markdownIt });
  // Markdown outside the subset: through markdown-it, as before
  assert.deepEqual(parseHandoutMarkdown('# 标题\n正文\n'), [
    { kind: 'chapter', title: '标题', subtitle: '', byline: '', entry: '', runIn: false },
    { kind: 'paragraph', text: '正文', lead: 0, role: 'body' },
  ]);
  assert.equal(blockParses.markdownIt, before.markdownIt + 1);
});

/** Lines a block can start with: the template's, and every kind markdown-it reads otherwise. */
const LINES = [
  '国家',
  '\\#国家',
  '# 标题',
  '## ——副标题',
  '###### 六级',
  '####### 七级',
  '#无空格',
  '#\t制表',
  '#',
  '## ',
  '# 关闭 #',
  '# 关闭 ##  ',
  '# 关闭#',
  '# 结尾\u3000#',
  '<!-- lectern:cover -->',
  '<!-- lectern:end -->  ',
  '<!-- 未关闭',
  '-->',
  '<div>',
  '<p>段落</p>',
  '**引语。**正文',
  '**引语**',
  '***',
  '* * *',
  '* 列表',
  '*\t列表',
  '*',
  '**',
  '*强调*',
  '- 列表',
  '---',
  '+ 列表',
  '___',
  '_强调_',
  '1. 列表',
  '1) 列表',
  '2021年',
  '7月3日',
  '12.5万',
  '1234567890. 长',
  '> 引用',
  '```',
  '~~~',
  '    缩进',
  '  两空格',
  '\t制表',
  '[a]: http://x',
  '[链接]',
  '| a | b |',
  '=====',
  ':冒号',
  '\u3000全角空格',
  '\u3000',
  ' ',
  '\t',
  '',
  '甲\r乙',
  '甲\0乙',
  '末尾 ',
  '&amp;',
];

test('generated Markdown of template lines and other blocks: read as markdown-it parses it, or declined', () => {
  const rand = lcg(16);
  let read = 0;
  for (let k = 0; k < 20000; k++) {
    const lines: string[] = [];
    const n = 1 + rand(6);
    for (let i = 0; i < n; i++) {
      lines.push(LINES[rand(LINES.length)]!);
      // a blank line between blocks nearly always, as the template writes them
      if (rand(6) !== 0) lines.push(rand(4) === 0 ? '  ' : '');
    }
    if (agrees(lines.join('\n') + (rand(2) === 0 ? '\n' : ''))) read++;
  }
  assert.ok(read > 1000, `${read} generated documents read without the block parser`);
  // what markdown-it must read
  for (const src of [
    '甲\n乙',
    '# 标题\n正文',
    '甲\r\n\r\n乙',
    '- 列表',
    '<div>\n\n甲',
    '[a]: http://x\n\n[a]',
    '    代码',
  ])
    assert.equal(templateBlocks(src), null, JSON.stringify(src));
});
