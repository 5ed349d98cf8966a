// The deck planner: key points, the measured slide budget,「（续）」slides, notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  chromiumLines,
  CONTINUED,
  findEnumeration,
  lineCount,
  MAX_BULLET_LINES,
  MAX_BULLETS,
  planDeck,
  splitSentences,
  trimHedges,
  contentBox,
  type DeckPlan,
  type KeyPointSlide,
} from '../src/deck';
import { readDocument } from '../src/source';
import { longFile, makeDoc, metrics, paragraphTexts, sampleFile, widths } from './deck-helpers';

const box = contentBox(metrics);
const keySlides = (plan: DeckPlan): KeyPointSlide[] => plan.parts.flatMap((p) => p.slides);

test('sentences split at 。！？ and keep closing quotes; clauses inside quotes stay whole', () => {
  assert.deepEqual(splitSentences('规划先行。规划就是执行力，要“定了就干。”好！真的吗？'), [
    '规划先行。',
    '规划就是执行力，要“定了就干。”',
    '好！',
    '真的吗？',
  ]);
  assert.deepEqual(splitSentences('没有句号的一句'), ['没有句号的一句']);
});

test('hedges are trimmed at clause starts; numbers and names are kept', () => {
  assert.equal(
    trimHedges('在推进镇域工业经济发展中，我认为要突出4个方面。'),
    '在推进镇域工业经济发展中，要突出4个方面。',
  );
  assert.equal(trimHedges('个人觉得要干好基层工作，应该做一个有心人。'), '要干好基层工作，应该做一个有心人。');
  assert.equal(trimHedges('那么，其实吴志高说的5家企业很重要。'), '吴志高说的5家企业很重要。');
  // 「我想」inside a clause is not a hedge
  assert.equal(trimHedges('群众所想所盼就是我想做的事。'), '群众所想所盼就是我想做的事。');
});

test('enumerations (一是……；二是……, 第一/第二, 首先/其次/最后) split into items', () => {
  const en = findEnumeration('做好工作，一是加强学习；二是改进作风；三是狠抓落实。其余的话。');
  assert.ok(en);
  assert.equal(en.intro, '做好工作，');
  assert.deepEqual(
    en.items.map((i) => [i.marker, i.text]),
    [
      ['一是', '加强学习；'],
      ['二是', '改进作风；'],
      ['三是', '狠抓落实。'],
    ],
  );
  assert.equal(en.rest, '其余的话。');
  const seq = findEnumeration('首先，要分解任务；其次，要建立调度机制；最后，要总结。');
  assert.deepEqual(
    seq?.items.map((i) => i.marker),
    ['首先', '其次', '最后'],
  );
  const di = findEnumeration('当好书记，第一，要讲政治；第二，要谋发展。');
  assert.deepEqual(
    di?.items.map((i) => i.marker),
    ['第一', '第二'],
  );
  // a lone 一是 or numbers out of order are no enumeration
  assert.equal(findEnumeration('这一是非问题要分清。'), null);
  assert.equal(findEnumeration('二是改进作风；一是加强学习。'), null);
});

test('line breaking follows kinsoku: no 。，」 at a line start, no “ at a line end', () => {
  const size = 30;
  const width = 10 * size; // ten Han characters
  const lines = chromiumLines('一二三四五六七八九十，一二三', widths, size, width);
  // the comma cannot start line 2, so 十 moves down with it
  assert.deepEqual(lines, ['一二三四五六七八九', '十，一二三']);
  const open = chromiumLines('一二三四五六七八九“十”一二', widths, size, width);
  assert.ok(!open[0]!.endsWith('“'), open.join('|'));
  // Latin words and numbers never break inside
  const latin = chromiumLines('一二三四五六七八258.6亿元', widths, size, width);
  assert.ok(
    latin.some((l) => l.includes('258.6')),
    latin.join('|'),
  );
  assert.equal(lineCount('', widths, size, width), 1);
});

test('the sample: lead sentences become headlines, enumerations bullets, every paragraph in the notes once', () => {
  const doc = readDocument(sampleFile);
  const { plan } = planDeck({ doc, metrics, widths });
  const headlines = keySlides(plan).map((s) => s.headline);
  for (const h of [
    '规划先行',
    '项目为王',
    '强化服务',
    '以人为本',
    '要把握关键的人、关键的事和关键的点',
    '始终保持学习实践之心',
    '心中有党，切实抓好党的建设',
  ]) {
    assert.ok(headlines.includes(h), `headline ${h} in ${headlines.join(' / ')}`);
  }
  // the hedge in「我认为要突出“规划、项目、服务、人才”4个方面」is gone, the number stays
  const bullets = keySlides(plan).flatMap((s) => s.bullets.map((b) => b.strong + b.text));
  const four = bullets.find((b) => b.includes('4个方面'));
  assert.ok(four && !four.includes('我认为'), four);
  const notes = keySlides(plan).flatMap((s) => s.notes);
  assert.deepEqual([...notes].sort(), [...paragraphTexts(doc)].sort());
  assert.equal(new Set(notes).size, notes.length);
  // title, agenda (five talks), five section slides, key-point slides, closing
  assert.equal(plan.agenda.length, 1);
  assert.equal(plan.agenda[0]!.items.length, 5);
  assert.equal(plan.parts.filter((p) => p.section).length, 5);
  assert.equal(plan.slideCount, 1 + 1 + 5 + keySlides(plan).length + 1);
});

function assertBudget(plan: DeckPlan): void {
  for (const s of keySlides(plan)) {
    assert.ok(s.bullets.length <= MAX_BULLETS, `${s.headline}: ${s.bullets.length} bullets`);
    for (const b of s.bullets) {
      const n = lineCount(b.strong + b.text, widths, metrics.bodySize, box.width - metrics.bulletIndent);
      assert.ok(n <= MAX_BULLET_LINES, `${b.text}: ${n} lines`);
    }
    assert.ok(lineCount(s.headline, widths, metrics.headlineSize, box.width) <= 2, s.headline);
    assert.ok(s.fill <= 1, `${s.headline}: fill ${s.fill}`);
  }
  assert.ok(plan.maxFill <= 1, `max fill ${plan.maxFill}`);
}

test('the budget holds on the sample and on the long transcript; what does not fit continues on 续 slides', () => {
  const sample = planDeck({ doc: readDocument(sampleFile), metrics, widths });
  assertBudget(sample.plan);
  const longDoc = readDocument(longFile);
  const long = planDeck({ doc: longDoc, metrics, widths });
  assertBudget(long.plan);
  const slides = keySlides(long.plan);
  // 八是…, 十是…: enumerations longer than one slide continue, evenly spread, under the same headline
  const cont = slides.filter((s) => s.continued);
  assert.ok(cont.length >= 3, `${cont.length} continued slides`);
  for (const c of cont) {
    assert.ok(c.headline.endsWith(CONTINUED), c.headline);
    assert.equal(c.notes.length, 0);
    assert.ok(c.bullets.length >= 2, `a lone bullet on ${c.headline}`);
  }
  const markers = slides.flatMap((s) => s.bullets.map((b) => b.strong)).filter(Boolean);
  for (const m of ['一是', '八是', '十是', '第七', '首先', '最后']) assert.ok(markers.includes(m), m);
  // every paragraph of the long transcript reaches the notes exactly once
  const notes = slides.flatMap((s) => s.notes);
  assert.deepEqual([...notes].sort(), [...paragraphTexts(longDoc)].sort());
  // the sentence without any punctuation was cut for the slide, with a warning naming its line
  assert.ok(long.warnings.some((w) => /too long/.test(w.message) && w.line > 1));
});

test('a paragraph without a short lead sentence gathers under its talk title; a long title is halved', () => {
  const doc = makeDoc({
    title: '测试',
    parts: [
      {
        title: '植根农村 无悔人生无悔人生无悔人生无悔人生无悔人生无悔人生',
        paragraphs: ['这一段的第一句话相当长，长到无法在一行之内作为标题显示出来，所以它只能成为要点。第二句。'],
      },
    ],
  });
  const { plan } = planDeck({ doc, metrics, widths });
  const s = plan.parts[0]!.slides[0]!;
  assert.equal(s.headline, '植根农村');
  assert.equal(s.bullets.length, 2);
  assert.deepEqual(plan.parts[0]!.titleLines, ['植根农村', '无悔人生无悔人生无悔人生无悔人生无悔人生无悔人生']);
});

test('a run-in head from the source becomes the headline', () => {
  const doc = makeDoc({
    title: '测试',
    parts: [{ title: '讲话', paragraphs: [['一是加强学习。', '要学原文、悟原理。']] }],
  });
  const { plan } = planDeck({ doc, metrics, widths });
  assert.equal(plan.parts[0]!.slides[0]!.headline, '一是加强学习');
  assert.deepEqual(plan.parts[0]!.slides[0]!.bullets, [{ strong: '', text: '要学原文、悟原理' }]);
});

test('a sentence too long for two lines keeps its leading clauses and, of the rest, those with figures', () => {
  const sentence =
    '在数字化改革的浪潮中，我们建成了县域治理的一张网，整合公安、城管、市场监管、应急管理等部门的视频监控资源和其他各类资源，不断提升治理的精细化、智能化和专业化水平，接入物联感知设备2.3万个。';
  const doc = makeDoc({ title: '测试', parts: [{ title: '讲话', paragraphs: [sentence] }] });
  const { plan } = planDeck({ doc, metrics, widths });
  const bullets = plan.parts[0]!.slides[0]!.bullets;
  assert.equal(bullets.length, 1);
  const b = bullets[0]!.text;
  assert.ok(b.startsWith('在数字化改革的浪潮中，我们建成了县域治理的一张网'), b);
  assert.ok(b.includes('接入物联感知设备2.3万个'), b);
  assert.ok(!b.includes('精细化'), b);
  assert.ok(lineCount(b, widths, metrics.bodySize, box.width - metrics.bulletIndent) <= MAX_BULLET_LINES);
});
