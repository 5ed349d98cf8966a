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
  deckNotes,
  type DeckPlan,
  type KeyPointSlide,
  breakPieces,
  isAligned,
  isFormula,
  linePieces,
  paragraphPhrases,
  TermWeights,
  trimmedWidth,
} from '../src/deck';
import { danglingTopic, dropFillers, fillerScans, lacksSubject } from '../src/deck/keyphrase';
import { deckReport } from '../src/deck/report';
import { headlineText } from '../src/deck/text';
import { handoutTemplateData } from '../src/handout/stage';
import { readDocument } from '../src/source';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  longFile,
  makeDoc,
  metrics,
  noteTexts,
  paragraphTexts,
  root,
  sampleFile,
  settings,
  widths,
} from './deck-helpers';

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

/** The notes of every slide in order, joined: a paragraph split over slides joins up again. */
function joinedNotes(plan: DeckPlan): string {
  return deckNotes(plan).join('');
}

test('the sample: short leads, parallel paragraphs on one slide, key phrases, every paragraph in the notes once', () => {
  const doc = readDocument(sampleFile);
  const { plan } = planDeck({ doc, metrics, widths });
  const slides = keySlides(plan);
  const headlines = slides.map((s) => s.headline);
  assert.ok(headlines.includes('要把握关键的人、关键的事和关键的点'), headlines.join(' / '));
  // 规划先行。…项目为王。…: one slide, each lead bold with the paragraph's first key phrase
  const strong = slides.flatMap((s) => s.bullets.map((b) => b.strong)).filter(Boolean);
  assert.deepEqual(strong, ['规划先行', '项目为王', '强化服务', '以人为本']);
  const parallel = slides.find((s) => s.bullets.some((b) => b.strong === '规划先行'))!;
  assert.equal(parallel.bullets.find((b) => b.strong === '规划先行')!.text, '规划就是执行力');
  // the seven 心 and the four 心中有: parallel leads, ≤ 5 a slide
  const texts = slides.flatMap((s) => s.bullets.map((b) => b.text));
  for (const t of [
    '始终保持学习实践之心',
    '始终保持坚韧不拔之心',
    '心中有党，切实抓好党的建设',
    '心中有戒，保护好自己、保护好下属',
  ])
    assert.ok(texts.includes(t), t);
  // the hedge in「我认为要突出“规划、项目、服务、人才”4个方面」is gone, the number stays
  const four = texts.find((b) => b.includes('4个方面'));
  assert.ok(four && !four.includes('我认为'), four);
  // every paragraph in the notes, once, in order; every slide has notes
  assert.equal(joinedNotes(plan), paragraphTexts(doc).join(''));
  for (const s of slides) assert.ok(s.notes.length > 0, `${s.headline} has no notes`);
  assert.equal(plan.agenda.length, 1);
  assert.equal(plan.agenda[0]!.items.length, 5);
  assert.equal(plan.parts.filter((p) => p.section).length, 5);
  assert.equal(plan.slideCount, 1 + 1 + 5 + slides.length + 1);
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

test('the deck report holds on the sample and the long transcript: short, aligned bullets, ≤ 5 a slide', () => {
  for (const file of [sampleFile, longFile]) {
    const doc = readDocument(file);
    const { plan } = planDeck({ doc, metrics, widths });
    assertBudget(plan);
    const r = deckReport(plan);
    assert.ok(r.medianBulletLength <= 20, `${file}: median ${r.medianBulletLength}`);
    assert.ok(r.maxBulletLength <= 40, `${file}: max ${r.maxBulletLength}`);
    assert.deepEqual(r.notAligned, [], file);
    assert.ok(r.maxBulletsPerSlide <= 5);
    assert.equal(r.oneBulletSlides, 0, file);
    assert.equal(r.slidesWithoutNotes, 0, file);
    assert.equal(joinedNotes(plan), paragraphTexts(doc).join(''));
  }
});

test('ten enumerated items in one sentence: two slides of five, the paragraph’s notes split between them', () => {
  const longDoc = readDocument(longFile);
  const slides = keySlides(planDeck({ doc: longDoc, metrics, widths }).plan);
  const first = slides.find((s) => s.bullets.some((b) => b.text === '深刻汲取事故教训'))!;
  const next = slides[slides.indexOf(first) + 1]!;
  assert.equal(first.bullets.length, 5);
  assert.equal(next.bullets.length, 5);
  assert.ok(next.continued && next.headline.endsWith(CONTINUED), next.headline);
  assert.equal(next.bullets[4]!.text, '营造全民参与氛围');
  assert.ok(next.notes[0]!.startsWith('六是加强宣传教育培训'), next.notes[0]);
});

test('key phrases: clause-aligned, fillers dropped at word boundaries only, markers dropped, formulas never', () => {
  const weights = new TermWeights([
    '当前，化工、纺织印染、制鞋等传统行业渐渐走下历史舞台，为引领产业发展，需要大项目、好项目。',
  ]);
  const { phrases } = paragraphPhrases(
    '同时，还要了解宏观环境所处的发展阶段。同时期的工作要抓好落实，不能松懈。',
    '',
    weights,
  );
  assert.equal(phrases[0]!.text, '还要了解宏观环境所处的发展阶段');
  assert.deepEqual(phrases[0]!.dropped, []);
  assert.ok(phrases.every(isAligned));
  // 同时期 is one word: 同时 is not dropped from it
  assert.ok(phrases[1]!.text.startsWith('同时期'), phrases[1]!.text);
  const lead = paragraphPhrases('一是坚持规划引领。要把规划放在首位。', '一是坚持规划引领。', weights).lead!;
  assert.equal(lead.text, '坚持规划引领');
  assert.ok(isAligned(lead));
  // a cut inside a clause is not aligned
  assert.ok(!isAligned({ ...lead, text: '坚持规划', to: 6 }));
  for (const f of ['同志们：', '各位领导、同志们：', '谢谢大家！', '我的发言完毕，谢谢大家！'])
    assert.ok(isFormula(f), f);
  const doc = makeDoc({
    title: '测试',
    parts: [
      {
        title: '讲话',
        paragraphs: ['同志们：', '今年全县经济稳中有进，粮食产量再创新高。我们要坚定信心，真抓实干。', '谢谢大家！'],
      },
    ],
  });
  const { plan } = planDeck({ doc, metrics, widths });
  const bullets = keySlides(plan).flatMap((s) => s.bullets.map((b) => b.text));
  assert.ok(!bullets.some((b) => /同志们|谢谢/.test(b)), bullets.join(' / '));
  assert.equal(joinedNotes(plan), paragraphTexts(doc).join(''));
});

test('a line breaks only between phrases, never inside a jieba word (BudouX alone splits 平|台)', () => {
  const pieces = linePieces('要聚焦加快项目引进、加快项目建设，依靠平台招商、峰会招商');
  assert.equal(pieces.join(''), '要聚焦加快项目引进、加快项目建设，依靠平台招商、峰会招商');
  assert.ok(!pieces.some((p, i) => p.endsWith('平') && pieces[i + 1]?.startsWith('台')), pieces.join('|'));
  const lines = breakPieces(pieces, widths, 42, 420);
  assert.equal(lines.join(''), pieces.join(''));
  for (const l of lines) assert.ok(trimmedWidth(l, widths, 42) <= 420, l);
});

test('parallel run-in heads (一是…二是…) share one slide; a short head is bold before its first phrase', () => {
  const doc = makeDoc({
    title: '测试',
    parts: [
      {
        title: '讲话',
        paragraphs: [
          ['一是加强学习。', '要学原文、悟原理，做到学以致用。'],
          ['二是改进作风。', '要深入基层调研，解决实际问题。'],
          ['三是严守纪律。', '要把纪律挺在前面，筑牢思想防线。'],
        ],
      },
    ],
  });
  const { plan } = planDeck({ doc, metrics, widths });
  const slides = keySlides(plan);
  assert.equal(slides.length, 1);
  assert.deepEqual(
    slides[0]!.bullets.map((b) => b.strong),
    ['加强学习', '改进作风', '严守纪律'],
  );
  assert.equal(slides[0]!.headline, '讲话');
});

test('an untitled talk is headed by its own words, not the document title', () => {
  const doc = makeDoc({
    title: '论坛标题',
    parts: [
      {
        title: '',
        paragraphs: [
          '人才是乡村振兴的第一资源，我们每年引进大学生村官二十名，建立乡土人才库，培养致富带头人三百多名。',
        ],
      },
    ],
  });
  const { plan } = planDeck({ doc, metrics, widths });
  const s = keySlides(plan)[0]!;
  assert.ok(!s.headline.includes('论坛标题'), s.headline);
  assert.ok(doc.parts[0]!.paragraphs[0]!.text.includes(s.headline), s.headline);
});

test('structure: an untitled talk shows its speaker in the agenda and on its section slide; no salutation is a bullet', () => {
  const doc = readDocument(join(root, 'test', 'fixtures', 'source', 'forum-mixed.txt'));
  const { plan } = planDeck({ doc, metrics, widths });
  const rows = plan.agenda.flatMap((a) => a.items);
  assert.ok(
    rows.every((r) => r.title.trim() !== ''),
    JSON.stringify(rows),
  );
  const untitled = plan.parts.find((p) => p.kind === 'talk' && p.titleIsSpeaker)!;
  assert.equal(untitled.title, untitled.speakerName);
  assert.deepEqual(untitled.titleLines, [untitled.speakerName]);
  assert.ok(rows.some((r) => r.title === untitled.speakerName && r.speaker === untitled.speakerPost));
  assert.ok(!untitled.slides[0]!.headline.includes(plan.title), untitled.slides[0]!.headline);
});

test('structure: a lecture shows its lecturer on the title slide and its own 一、二、 in the agenda, once', () => {
  const doc = readDocument(join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'));
  const { plan } = planDeck({ doc, metrics, widths });
  assert.deepEqual(plan.lecturer, { name: '陈立新', post: '县委副书记、县长' });
  const rows = plan.agenda.flatMap((a) => a.items);
  assert.deepEqual(
    rows.map((r) => r.number),
    ['一、', '二、', '三、'],
  );
  assert.ok(
    rows.every((r) => !/^[一二三]、/.test(r.title)),
    JSON.stringify(rows),
  );
  const bullets = plan.parts.flatMap((p) => p.slides.flatMap((s) => s.bullets.map((b) => b.strong + b.text)));
  assert.ok(!bullets.some((b) => /^同志们/.test(b)), bullets.join(' / '));
});

test('sub-sections that say one thing each share a slide, their headings as bullets; a vocative is dropped', () => {
  const doc = readDocument(join(root, 'test', 'corpus', 'texts', '03-qinghai-gov-report.txt'));
  const { plan } = planDeck({ doc, metrics, widths });
  const slides = keySlides(plan);
  const shared = slides.find((s) => s.bullets.some((b) => b.text === '这是生态文明建设取得显著成效的五年'))!;
  assert.ok(shared, 'the 这是…的五年 headings share a slide');
  assert.ok(shared.bullets.length >= 3, shared.bullets.map((b) => b.text).join(' / '));
  assert.ok(shared.bullets.every((b) => b.phrases.every(isAligned)));
  assert.ok(!shared.headline.endsWith('。'), shared.headline);
  assert.equal(joinedNotes(plan), paragraphTexts(doc).join(''));
  assert.deepEqual(deckReport(plan).notAligned, []);
  // 同志们，乡村振兴… : the vocative and its comma are dropped, and recorded
  const lecture = readDocument(join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'));
  const bullets = keySlides(planDeck({ doc: lecture, metrics, widths }).plan).flatMap((s) => s.bullets);
  const closing = bullets.find((b) => b.text.startsWith('乡村振兴使命光荣'))!;
  assert.ok(closing, 'the closing paragraph’s key phrase');
  assert.deepEqual(closing.phrases[0]!.dropped, ['同志们，']);
});

const corpusText = (name: string) => join(root, 'test', 'corpus', 'texts', name);

test('no one-bullet slide and no bullet without its subject on any corpus text, the sample or the fixtures; every paragraph in the notes once', () => {
  const files = [
    sampleFile,
    longFile,
    join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'),
    join(root, 'test', 'fixtures', 'source', 'forum-mixed.txt'),
    ...readdirSync(join(root, 'test', 'corpus', 'texts'))
      .filter((f) => f.endsWith('.txt'))
      .map(corpusText),
  ];
  for (const file of files) {
    const doc = readDocument(file);
    const { plan } = planDeck({ doc, metrics, widths });
    const r = deckReport(plan);
    assert.equal(r.oneBulletSlides, 0, file);
    assert.deepEqual(r.notAligned, [], file);
    // no bullet opens on 是/的/和/也/就… without its subject (是这个岗位不可推卸的职责和使命)
    assert.deepEqual(r.noSubject, [], file);
    assert.ok(r.maxBulletsPerSlide <= MAX_BULLETS, file);
    assert.equal(r.slidesWithoutNotes, 0, file);
    assert.ok(joinedNotes(plan) === noteTexts(doc).join(''), `${file}: every paragraph in the notes once, in order`);
  }
});

test('a part that says one thing shows it on its section slide, with its paragraph as that slide’s notes', () => {
  const doc = readDocument(join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'));
  const { plan } = planDeck({ doc, metrics, widths });
  const part = plan.parts.find((p) => p.title.startsWith('二、准确把握乡村振兴的目标任务'))!;
  assert.equal(part.slides.length, 0);
  const lede = part.section!.lede!;
  assert.ok(lede.text.startsWith('按照产业兴旺'), lede.text);
  assert.ok(lede.phrases.every(isAligned));
  assert.equal(part.section!.notes.length, 1);
  assert.ok(part.section!.notes[0]!.includes(lede.phrases[0]!.source));
  assert.ok(part.section!.fill <= 1);
});

test('an opening that says one thing before the first section is the title slide’s notes (corpus 26)', () => {
  const doc = readDocument(corpusText('26-school-assembly-speech-excerpt.txt'));
  const { plan } = planDeck({ doc, metrics, widths });
  assert.deepEqual(plan.titleNotes, ['老师们，同学们好！', '早上好！', '今天集会讲话的内容包括六个部分：']);
  assert.equal(plan.parts[0]!.slides.length, 0);
  assert.equal(
    plan.slideCount,
    1 + plan.agenda.length + plan.parts.reduce((n, p) => n + (p.section ? 1 : 0) + p.slides.length, 0) + 1,
  );
});

test('a lone bullet next to a full slide folds into it (corpus 33)', () => {
  // the news lead folds into the next slide, which takes the part's headline and shows its own lead as a bullet
  const news = planDeck({
    doc: readDocument(corpusText('33-peoples-daily-1977-forum-report.txt')),
    metrics,
    widths,
  }).plan;
  const first = news.parts[0]!.slides[0]!;
  assert.ok(first.notes[0]!.startsWith('新华社一九七七年十二月三十日讯'), first.notes[0]);
  assert.ok(first.bullets.some((b) => b.text === '出席座谈会的同志心情非常激动'));
  assert.ok(first.bullets.length <= MAX_BULLETS && first.bullets.length >= 3);
  assert.notEqual(first.headline, '出席座谈会的同志心情非常激动');
});

test('quote slides fire on closing aphorisms and slogans of real texts, and nowhere else', () => {
  const expected: Record<string, string[][]> = {
    [sampleFile]: [['还要廉洁自律，率先垂范，做到植根农村，无悔人生'], ['事在人为，没有做不到，只有想不到']],
    [corpusText('11-mao-new-pcc-preparatory.txt')]: [['中华人民共和国万岁', '民主联合政府万岁', '全国人民大团结万岁']],
    [corpusText('13-mao-national-party-conference.txt')]: [
      ['为在一九五六年胜利地召开党的第八次全国代表大会而斗争', '为胜利地完成第一个五年计划而斗争'],
    ],
  };
  const files = [
    sampleFile,
    longFile,
    join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt'),
    ...readdirSync(join(root, 'test', 'corpus', 'texts'))
      .filter((f) => f.endsWith('.txt'))
      .map(corpusText),
  ];
  for (const file of files) {
    const { plan } = planDeck({ doc: readDocument(file), metrics, widths });
    const quotes = keySlides(plan).filter((s) => s.kind === 'quote');
    assert.deepEqual(
      quotes.map((q) => q.bullets.map((b) => b.text)),
      expected[file] ?? [],
      file,
    );
    assert.equal(deckReport(plan).quoteSlides, quotes.length);
    for (const q of quotes) {
      // the quoted words are the text's own, and the slide's notes hold them
      assert.ok(q.bullets.every((b) => b.phrases.every(isAligned)));
      assert.ok(q.notes.join('').startsWith(q.bullets[0]!.phrases[0]!.source), q.notes[0]);
      assert.ok(q.fill <= 1);
    }
  }
  // a pledge in the first person, a wish, or a plain sentence is no quote
  for (const closing of [
    '我们将直面问题，不断加强和改进工作，决不辜负全省人民的信任和重托！',
    '祝同学们学习进步，永登高峰！',
    '下一步，要继续推进基础设施建设，让数字化成果更多更好地惠及广大群众。',
  ]) {
    const doc = makeDoc({
      title: '讲话',
      parts: [{ title: '讲话', paragraphs: ['规划先行，项目为王，服务至上，人才为本，这是我们的经验。', closing] }],
    });
    const slides = keySlides(planDeck({ doc, metrics, widths }).plan);
    assert.ok(!slides.some((s) => s.kind === 'quote'), closing);
  }
});

test('an interview: each question, condensed, heads the slides of its answer; a question is never a bullet of the answer (corpus 07, 08, 16)', () => {
  const asker = /问|問|记者|記者|主持人/;
  for (const name of [
    '07-mao-bertram-interview.txt',
    '08-mao-three-reporters.txt',
    '16-hkcnews-interview-excerpt.txt',
    '19-people-wenxian-interview-excerpt.txt',
  ]) {
    const doc = readDocument(corpusText(name));
    const questions = doc.parts.flatMap((p) =>
      p.paragraphs.filter((q) => q.turn && q.speaker && asker.test(q.speaker)).map((q) => q.text),
    );
    assert.ok(questions.length > 0, name);
    const { plan } = planDeck({ doc, metrics, widths });
    const slides = keySlides(plan);
    for (const s of slides)
      for (const b of s.bullets) {
        if (b.asker) {
          // a labelled question line: the asker's label and the question's own words
          assert.ok(asker.test(b.asker) && b.phrases.every((p) => p.kind === 'question' && isAligned(p)), b.text);
          continue;
        }
        for (const p of b.phrases)
          assert.ok(!questions.some((q) => q.includes(p.source)), `${name}: a question is a bullet: ${b.text}`);
      }
    assert.deepEqual(deckReport(plan).notAligned, [], name);
    assert.ok(joinedNotes(plan) === noteTexts(doc).join(''), `${name}: every turn in the notes once, labelled`);
  }
  const slides = keySlides(
    planDeck({ doc: readDocument(corpusText('07-mao-bertram-interview.txt')), metrics, widths }).plan,
  );
  const headlines = slides.map((s) => s.headline);
  for (const h of [
    '中国共产党在中日战争爆发前后，有什么具体表示？',
    '战争到现在已经产生了一些什么结果？',
    '中国的抗战也有它的成绩没有？',
    '如何克服投降主义？',
  ])
    assert.ok(headlines.includes(h), `${h} heads a slide: ${headlines.join(' / ')}`);
  const results = slides.find((s) => s.headline === '战争到现在已经产生了一些什么结果？')!;
  assert.ok(results.question && isAligned(results.question));
  assert.ok(results.notes[0]!.startsWith('问：据你的观察'), results.notes[0]);
  assert.ok(results.notes[1]!.startsWith('答：主要的有两方面'), results.notes[1]);
  assert.ok(results.bullets.length >= 3);
  // a one-sentence answer shares its slide, its question a labelled line over it
  const short = slides.find((s) => s.bullets.some((b) => b.asker && b.text === '这和战时内阁制度不相符合吧'))!;
  assert.ok(short, 'the short exchange is a labelled line');
  const at = short.bullets.findIndex((b) => b.text === '这和战时内阁制度不相符合吧');
  assert.equal(short.bullets[at + 1]!.text, '这和历史上的某些战时内阁制度不相符合');
});

test('one lead rule with the handout: the deck shows exactly the leads the handout sets bold (sample, lecture)', () => {
  for (const file of [sampleFile, join(root, 'test', 'fixtures', 'handout', 'lecture-headings.txt')]) {
    const doc = readDocument(file);
    const handout = handoutTemplateData(doc, settings()) as unknown as {
      parts: { paragraphs: { lead: string }[] }[];
    };
    const bold = new Set(handout.parts.flatMap((p) => p.paragraphs.map((q) => q.lead)).filter(Boolean));
    // the sample's run-in heads and parallel leads; the lecture has headings, and no bold lead
    if (file === sampleFile) assert.ok(bold.size >= 10, `${bold.size} bold leads`);
    const slides = keySlides(planDeck({ doc, metrics, widths }).plan);
    // the deck's lead bullets come from the handout's bold leads …
    const leadBullets = slides.flatMap((s) => s.bullets.flatMap((b) => b.phrases.filter((p) => p.kind === 'lead')));
    for (const p of leadBullets)
      assert.ok(bold.has(p.source), `${file}: a lead the handout does not bold: ${p.source}`);
    // … and every bold lead is on a slide: a lead bullet, or the headline of its paragraph's slide
    const shown = new Set([...leadBullets.map((p) => p.source)]);
    const headlines = new Set(slides.map((s) => s.headline.replace(CONTINUED, '')));
    for (const lead of bold)
      assert.ok(
        shown.has(lead) || headlines.has(headlineText(trimHedges(lead))),
        `${file}: the handout's bold lead is not on a slide: ${lead}`,
      );
  }
});

test('a phrase that opens on a function word lacks its subject; a filler before 的 stays (我们的工作)', () => {
  assert.ok(lacksSubject('是这个岗位不可推卸的职责和使命'));
  assert.ok(lacksSubject('就要把规划放在首位'));
  assert.ok(!lacksSubject('和谐稳定的社会环境'), '和谐 is a word');
  assert.ok(!lacksSubject('就业形势总体稳定'), '就业 is a word');
  assert.deepEqual(dropFillers('我们的工作，是以不疲倦的努力').dropped, []);
  assert.deepEqual(dropFillers('我们要坚持规划引领').dropped, ['我们']);
});

test('dropFillers tries the fillers only on a text that starts with a filler’s first character', () => {
  const before = fillerScans.count;
  assert.deepEqual(dropFillers('坚持规划引领，狠抓项目建设'), { rest: '坚持规划引领，狠抓项目建设', dropped: [] });
  assert.deepEqual(dropFillers(''), { rest: '', dropped: [] });
  assert.equal(fillerScans.count, before, 'the fillers were tried on texts no filler can open');
  assert.deepEqual(dropFillers('同时，我们要坚持规划引领'), { rest: '要坚持规划引领', dropped: ['同时，', '我们'] });
  assert.ok(fillerScans.count > before);
});

test('a topic ending on 的 before its sentence goes on is no bullet (corpus 07: 革命政策中特别重要的，是…)', () => {
  assert.ok(danglingTopic('革命政策中特别重要的'));
  assert.ok(!danglingTopic('这个战争的性质是革命的'), 'a 是…的 statement is complete');
  const slides = keySlides(
    planDeck({ doc: readDocument(corpusText('07-mao-bertram-interview.txt')), metrics, widths }).plan,
  );
  const bullets = slides.flatMap((s) => s.bullets.map((b) => b.text));
  assert.ok(!bullets.includes('革命政策中特别重要的'), bullets.join(' / '));
  assert.ok(bullets.length >= 90);
});
