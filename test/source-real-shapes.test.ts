// Issue 10: the shapes real published texts have, each tested on a real line (from the corpus texts in
// test/corpus/texts or from the issue). Whole texts are scored by test/corpus-threshold.test.ts.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTranscript } from '../src/source/index';
import { documentToJson, type Document } from '../src/model';

const parse = (lines: string[]): Document => parseTranscript(`${lines.join('\n')}\n`, 'x.txt');
const outline = (doc: Document) => doc.parts.map((p) => [p.kind, p.title, p.paragraphs.length]);
const LONG =
  '坚持生态优先、绿色发展，以国家公园为主体的自然保护地体系建设走在全国前列，黄河、长江、澜沧江出省境断面水质稳定保持在Ⅱ类以上，生态环境质量持续保持优良。';

test('headings ending in 。 among sibling headings, short relative to their paragraphs (青海、广东政府工作报告)', () => {
  const doc = parse([
    '政府工作报告',
    '一、2025年和“十四五”时期工作回顾',
    '生态底色更加亮丽。',
    LONG,
    '经济运行持续向好。',
    LONG,
    '一是联合港澳承办十五运会和残特奥会。',
    LONG,
    '二是推动全省经济运行稳中有进、稳中向好。',
    LONG,
    '（一）以更高标准打造生态文明高地。',
    LONG,
  ]);
  assert.deepEqual(outline(doc), [
    ['section', '一、2025年和“十四五”时期工作回顾', 0],
    ['section', '生态底色更加亮丽。', 1],
    ['section', '经济运行持续向好。', 1],
    ['section', '一是联合港澳承办十五运会和残特奥会。', 1],
    ['section', '二是推动全省经济运行稳中有进、稳中向好。', 1],
    ['section', '（一）以更高标准打造生态文明高地。', 1],
  ]);
});

test('a lone short sentence and numbered list items ending in 。 stay paragraphs (学校升旗仪式页面)', () => {
  const doc = parse([
    '题目',
    '待改进的地方有:',
    '1、各班集队到位要更快速、行进途中要保持队形。',
    '2、食堂就餐时有个别插队现象,希望少数同学自觉遵守秩序。',
    '这些反映，我以为是合乎实际的。',
    LONG,
  ]);
  assert.deepEqual(outline(doc), [['intro', '', 5]]);
});

test('a numbered heading of 40–70 characters is a heading, and the paragraph after it is not glued to it', () => {
  const heading = '一、客观分析形势,抢抓发展机遇,坚定加快发展的信心和决心';
  const doc = parse([
    '同志们:',
    '这次经济工作会议，是县委、政府认真研究决定召开的。',
    heading,
    '综观上半年经济形势，可以用三句话来概括。',
  ]);
  assert.deepEqual(outline(doc), [
    ['intro', '', 2],
    ['section', '一、客观分析形势，抢抓发展机遇，坚定加快发展的信心和决心', 1],
  ]);
  assert.ok(!doc.changes.some((c) => c.what.includes('joined')));
});

test('unnumbered subheads: set apart by indentation (湖南农民运动考察报告) or recurring between paragraphs', () => {
  const indented = parse([
    '湖南农民运动考察报告',
    '（一九二七年三月）',
    '农民问题的严重性',
    '　　我这回到湖南，实地考察了湘潭、湘乡、衡山、醴陵、长沙五县的情况。',
    '打倒土豪劣绅，一切权力归农会',
    '　　农民的主要攻击目标是土豪劣绅，不法地主，旁及各种宗法的思想和制度。',
    '　　“我出十块钱，请你们准我进农民会。”',
  ]);
  assert.deepEqual(outline(indented), [
    ['section', '农民问题的严重性', 1],
    ['section', '打倒土豪劣绅，一切权力归农会', 2],
  ]);
  assert.ok(!indented.changes.some((c) => c.what.includes('joined')), 'no heading glued to its paragraph');
  const recurring = parse([
    '在全校教职工大会上的讲话',
    '学校管理的第一要务——安全管理',
    '安全工作是学校一切工作的前提，我们要把安全放在首位，常抓不懈。',
    '把群众满意作为工作的第一标准',
    '办人民满意的教育，是我们每一位教职工的共同追求和责任所在。',
  ]);
  assert.deepEqual(outline(recurring), [
    ['section', '学校管理的第一要务——安全管理', 1],
    ['section', '把群众满意作为工作的第一标准', 1],
  ]);
});

test('letter-spaced headings with their date line, and bare numerals (在延安文艺座谈会上的讲话)', () => {
  const doc = parse([
    '在延安文艺座谈会上的讲话',
    '（一九四二年五月）',
    '引　　言',
    '（一九四二年五月二日）',
    '　　同志们！今天邀集大家来开座谈会，目的是要和大家交换意见。',
    '结　　论',
    '（一九四二年五月二十三日）',
    '　　同志们！我们这个会在一个月里开了三次。',
    '一',
    '　　第一个问题：我们的文艺是为什么人的？',
    '二',
    '　　为什么人服务的问题解决了，接着的问题就是如何去服务。',
  ]);
  assert.equal(doc.meta.date, '一九四二年五月');
  assert.deepEqual(
    doc.parts.map((p) => [p.kind, p.title, p.subtitle, p.paragraphs.length]),
    [
      ['intro', '引言', '一九四二年五月二日', 1],
      ['section', '结论', '一九四二年五月二十三日', 1],
      ['section', '一', '', 1],
      ['section', '二', '', 1],
    ],
  );
  assert.ok(doc.changes.some((c) => c.line === 6 && c.what === 'letter-spaced heading closed up'));
});

test('第一部分 / 第一讲 / 专题一 / 第一、 / 第一件 and a numeral with a space (一 关于目前形势) are headings', () => {
  const body = '这是正文的一段话，讲的是具体的工作内容和要求。';
  const doc = parse([
    '讲稿',
    '第一部分',
    body,
    '第二讲　乡村治理',
    body,
    '专题一',
    body,
    '第一、文明班级的展示小结',
    body,
    '第一件　将农民组织在农会里',
    body,
    '　　四 关于目前形势',
    body,
  ]);
  assert.deepEqual(
    doc.parts.map((p) => [p.kind, p.title]),
    [
      ['section', '第一部分'],
      ['section', '第二讲 乡村治理'],
      ['section', '专题一'],
      ['section', '第一、文明班级的展示小结'],
      ['section', '第一件 将农民组织在农会里'],
      ['section', '四 关于目前形势'],
    ],
  );
  // the first sentence of 「第一个问题：…」 is not a heading mark
  assert.equal(parse(['题', '第一个问题：我们的文艺是为什么人的？']).parts[0]!.kind, 'intro');
});

test('一是…二是… run-in leads (湖南政府工作报告)', () => {
  const doc = parse([
    '报告',
    '一是全力挖掘内需增长新潜能。把扩大内需作为战略基点，推动消费和投资协同发力。',
    '二是不断壮大科产融合新动能。坚持创新驱动，推动科技创新和产业创新深度融合。',
  ]);
  assert.deepEqual(
    doc.parts[0]!.paragraphs.map((p) => p.lead),
    ['一是全力挖掘内需增长新潜能。', '二是不断壮大科产融合新动能。'],
  );
});

test('speakers: a bare name, a padded name, a post and name, a name from the title', () => {
  const bare = parse([
    '2026年湖南省政府工作报告',
    '——2026年2月3日在湖南省第十四届人民代表大会第四次会议上',
    '来源：湖南日报',
    '时间：2026-02-24',
    '毛伟明',
    '各位代表：',
    LONG,
  ]);
  assert.deepEqual(bare.parts[0]!.speaker, { name: '毛伟明', post: '' });
  assert.equal(bare.meta.date, '2026年2月3日在湖南省第十四届人民代表大会第四次会议上');
  assert.equal(bare.meta.subtitle, '');
  const padded = parse(['2026年上海市政府工作报告', '上海市市长 龚 正', '各位代表：', LONG]);
  assert.deepEqual(padded.parts[0]!.speaker, { name: '龚正', post: '上海市市长' });
  const spaced = parse(['讲话', '李　明', '同志们：', LONG]);
  assert.deepEqual(spaced.parts[0]!.speaker, { name: '李明', post: '' });
  const fromTitle = parse(['王志强在全县经济工作会议上的讲话', '同志们：', LONG]);
  assert.deepEqual(fromTitle.parts[0]!.speaker, { name: '王志强', post: '' });
  assert.deepEqual(fromTitle.metadata, [{ line: 1, label: 'occasion', text: '在全县经济工作会议上' }]);
  // a closing signature: 「新街小学五年级 王子恒」 + 「2022年9月15日」
  const signed = parse([
    '尊敬的老师，亲爱的同学们：',
    '大家上午好！',
    '我的讲话完毕，谢谢大家！',
    '新街小学五年级 王子恒',
    '2022年9月15日',
  ]);
  assert.deepEqual(signed.parts[0]!.speaker, { name: '王子恒', post: '新街小学五年级' });
  assert.equal(signed.meta.date, '2022年9月15日');
  assert.equal(signed.parts[0]!.paragraphs.length, 3);
});

test('date and occasion lines are the date, not paragraphs', () => {
  const date = (line: string) => parse(['讲话', line, '同志们：', LONG]);
  assert.equal(date('（2024年3月5日）').meta.date, '2024年3月5日');
  assert.equal(date('（一九五六年三月）').meta.date, '一九五六年三月');
  assert.equal(date('2025年3月8日在全市教育工作会议上').meta.date, '2025年3月8日在全市教育工作会议上');
  assert.equal(date('（时间：2024年3月5日　地点：县委党校）').meta.date, '时间：2024年3月5日 地点：县委党校');
  for (const line of ['（2024年3月5日）', '（一九五六年三月）'])
    assert.equal(date(line).parts[0]!.paragraphs.length, 2);
  // an occasion cut by a line wrap is joined, and the join is reported (广东政府工作报告)
  const wrapped = parse([
    '政府工作报告',
    '——2026年1月26日在广东省第十四届',
    '人民代表大会第五次会议上',
    '广东省省长 孟凡利',
    '各位代表：',
  ]);
  assert.equal(wrapped.meta.date, '2026年1月26日在广东省第十四届人民代表大会第五次会议上');
  assert.equal(wrapped.meta.subtitle, '');
  assert.deepEqual(wrapped.parts[0]!.speaker, { name: '孟凡利', post: '广东省省长' });
  assert.ok(
    wrapped.changes.some((c) => c.line === 3 && c.what === 'line joined to the date of line 2 (hard line wrap)'),
  );
});

test('page metadata and an editor’s line are metadata: never title, subtitle or paragraph', () => {
  const doc = parse([
    '现将讲话摘登如下，请认真学习。',
    '2026年四川省人民政府工作报告',
    '2026年02月10日 07时41分',
    '来源:',
    '四川日报',
    '作者：张三',
    '发布时间：2026-02-09',
    '编辑：李四',
    '四川省人民政府省长 施小琳',
    '各位代表：',
    LONG,
    '（责任编辑：张元缘）',
  ]);
  assert.equal(doc.meta.title, '2026年四川省人民政府工作报告');
  assert.equal(doc.meta.subtitle, '');
  assert.deepEqual(outline(doc), [['intro', '', 2]]);
  assert.deepEqual(
    (doc.metadata ?? []).map((m) => [m.line, m.label]),
    [
      [1, 'editor-line'],
      [3, 'time'],
      [4, 'source'],
      [5, 'source'],
      [6, 'author'],
      [7, 'time'],
      [8, 'editor'],
      [12, 'editor'],
    ],
  );
  // in the JSON model, and only when there is any (the sample's JSON is unchanged)
  assert.equal(documentToJson(doc).metadata?.length, 8);
  assert.equal('metadata' in documentToJson(parse(['题目', '正文。'])), false);
});

test('a three-line headline (引题/主题/副题) and a ——subtitle after a two-line title', () => {
  const three = parse([
    '1977年12月31日人民日报 第2版',
    '征求对当前宣传工作和拟于明年召开的全国宣传工作会议的意见',
    '中宣部邀集宣传文化界党内外人士座谈',
    '张平化部长主持座谈会并讲话,要求大家行动起来,深入揭批“四人帮”,建设和壮大宣传文化工作队伍',
    `新华社一九七七年十二月三十日讯 ${LONG}${LONG}`,
  ]);
  assert.equal(three.meta.title, '中宣部邀集宣传文化界党内外人士座谈');
  assert.match(three.meta.subtitle, /^张平化部长主持座谈会并讲话/);
  assert.deepEqual(
    (three.metadata ?? []).map((m) => m.label),
    ['page', 'kicker'],
  );
  const two = parse([
    '广安适应新时代新发展',
    '提升乡镇党政正职履职能力',
    '——在全市乡镇党政正职培训班上的辅导报告',
    '同志们：',
  ]);
  assert.equal(two.meta.title, '广安适应新时代新发展 提升乡镇党政正职履职能力');
  assert.equal(two.meta.subtitle, '在全市乡镇党政正职培训班上的辅导报告');
});

test('dialogue: 问：/答： turns under a subhead, a paragraph without label continues the turn (和英国记者贝特兰的谈话)', () => {
  const doc = parse([
    '和英国记者贝特兰的谈话',
    '（一九三七年十月二十五日）',
    '中国共产党和抗日战争',
    '　　贝问：中国共产党在中日战争爆发以前和以后，具体地说来，发表过一些什么主张？',
    '　　毛答：在这次战争爆发以前，中国共产党曾经屡次向全国指出对日战争的不可避免。',
    '　　说到教训，那也是很大的。几个月来，暴露了中国的许多弱点。',
    '抗日战争的情况和教训',
    '　　问：据你的观察，战争到现在，有些什么结果？',
    '　　答：主要的有两方面。',
  ]);
  const json = documentToJson(doc);
  assert.deepEqual(
    json.parts.map((p) => [p.kind, p.title, p.speakers]),
    [
      ['dialogue', '中国共产党和抗日战争', ['贝问', '毛答', '毛答']],
      ['dialogue', '抗日战争的情况和教训', ['问', '答']],
    ],
  );
  // the label is not part of the text; the turn is marked
  assert.equal(json.parts[1]!.paragraphs[0], '据你的观察，战争到现在，有些什么结果？');
  assert.deepEqual(
    doc.parts[0]!.paragraphs.map((p) => p.turn),
    [true, true, false],
  );
});

test('dialogue: 主持人：/NAME： turns, 记者问：, label lines on their own, a stage note', () => {
  const named = parse([
    '以下是访谈文字实录：',
    '回忆70年代初进人民日报',
    '四十年来发生了翻天覆地的变化',
    '主持人：“不忘初心，牢记使命”。各位网友大家上午好。',
    '温宪：您好，人民网网友大家好。',
    '主持人：6月15日就是人民日报创刊70周年。',
    '温宪：日子过得非常快。',
    '（嘉宾演讲结束后，进入互动环节）',
  ]);
  assert.deepEqual(
    documentToJson(named).parts.map((p) => [p.kind, p.title, p.subtitle, p.speakers]),
    [
      ['intro', '', '', undefined],
      [
        'dialogue',
        '回忆70年代初进人民日报',
        '四十年来发生了翻天覆地的变化',
        ['主持人', '温宪', '主持人', '温宪', null],
      ],
    ],
  );
  const labels = parse([
    '主持人 魯健 :',
    '週日午間,面對總編。各位好,歡迎您收看中央電視臺的節目。',
    '解説:',
    '25號,日本、德國、巴西和印度組成的四國聯盟與非洲聯盟舉行會談。',
    '美國代表團團長:',
    '我們努力縮小各方的分歧,情況非常複雜。',
    '解説:',
    '從7月26號到31號,中國國務委員唐家璇應邀前往美國訪問。',
  ]);
  assert.deepEqual(labels.meta.hosts, ['魯健']);
  assert.deepEqual(documentToJson(labels).parts[0]!.speakers, ['魯健', '解説', '美國代表團團長', '解説']);
  const reporters = parse([
    '和三记者的谈话',
    '　　记者问：有几个问题请教。',
    '　　毛答：可以根据先生们的问题表，分别来讲。',
    '　　问：用什么方式提出的？',
    '　　答：还是在七月间。',
  ]);
  assert.deepEqual(documentToJson(reporters).parts[0]!.speakers, ['记者问', '毛答', '问', '答']);
  // one 「主持人：请问…？」 line is not yet a dialogue
  assert.equal(
    parse(['题目', '主持人：请问您怎么看待基层减负？', '沈振宇：减负是为了更好地干事。']).parts[0]!.kind,
    'intro',
  );
});

test('采访对象：… 采访组：… block: names padded with spaces are separate names', () => {
  const doc = parse([
    '对话乡村振兴',
    '采访对象：张建华（某县县委书记）',
    '采访组：周 洁 孙 浩',
    '问：您怎么看？',
    '答：很好。',
  ]);
  assert.deepEqual(doc.meta.guests, ['张建华']);
  assert.deepEqual(doc.meta.hosts, ['周洁', '孙浩']);
});

test('multi-item page: item labels with a speaker line under them or closing them', () => {
  const doc = parse([
    '校园周报',
    '晨会发言：',
    '初二3班  李思远',
    '同学们，新的一周开始了，让我们一起努力学习。',
    '本周小结：',
    '本周全校纪律良好，卫生评比初二3班第一。',
    '值班领导：陈晓东',
  ]);
  assert.deepEqual(
    doc.parts.map((p) => [p.kind, p.title, p.speaker, p.paragraphs.length]),
    [
      ['talk', '晨会发言', { name: '李思远', post: '初二3班' }, 1],
      ['talk', '本周小结', { name: '陈晓东', post: '值班领导' }, 1],
    ],
  );
});

test('never corrupt the text: no join crosses a heading, every join is reported with its lines', () => {
  // 14: 「打倒土豪劣绅，一切权力归农会」 has a clause comma and no end punctuation, like a wrapped line
  const doc = parse([
    '报告',
    '那些人怕入另册，便多方设法求入农会，他们的心才算安了。',
    '打倒土豪劣绅，一切权力归农会',
    '农民的主要攻击目标是土豪劣绅，不法地主，旁及各种宗法的思想和制度。',
    '“十五五”时期经济社会发展的',
    '主要目标',
    '是：地区生产总值年均增长5%左右。',
    '这是一个完整的段落，以句号结束。',
    '三 关于高岗、饶漱石反党联盟',
    '第一点，有人问：究竟有没有一个高饶反党联盟？',
  ]);
  for (const p of doc.parts) for (const para of p.paragraphs) assert.ok(!para.text.includes('农会农民'), para.text);
  assert.ok(!doc.parts.flatMap((p) => p.paragraphs).some((q) => q.text.includes('联盟第一点')));
  // the broken line is one paragraph again, each join reported with both lines
  assert.ok(
    doc.parts.some((p) =>
      p.paragraphs.some((q) => q.text === '“十五五”时期经济社会发展的主要目标是：地区生产总值年均增长5%左右。'),
    ),
  );
  assert.deepEqual(
    doc.changes.filter((c) => c.what.includes('joined')).map((c) => [c.line, c.what]),
    [
      [6, 'line joined to the paragraph of line 5 (hard line wrap)'],
      [7, 'line joined to the paragraph of line 5 (hard line wrap)'],
    ],
  );
  // a line followed by a heading is not joined either
  const before = parse([
    '题目',
    '要把握关键的人、关键的事和关键的点，要有正确的政治方向',
    '二、怎样提高组织力',
    '正文。',
  ]);
  assert.deepEqual(outline(before), [
    ['intro', '', 1],
    ['section', '二、怎样提高组织力', 1],
  ]);
});

test('spaces separating names are kept and reported; U+FFFD and mojibake are reported as damaged input', () => {
  const doc = parse([
    '题目',
    '参加人员：周 洁 孙 浩',
    '初二3班  李思远 发言。',
    '这一行有一个坏字\uFFFD。',
    '这一行是乱码ä¸­æ–‡。',
  ]);
  const texts = doc.parts[0]!.paragraphs.map((p) => p.text);
  assert.equal(texts[0], '参加人员：周 洁 孙 浩');
  assert.match(texts[1]!, /^初二3班 {2}李思远/);
  assert.ok(doc.changes.some((c) => c.line === 2 && c.what === 'space between names kept (separator)'));
  assert.deepEqual(
    doc.warnings.filter((w) => w.message.startsWith('damaged input')).map((w) => w.line),
    [4, 5],
  );
});

test('page chrome above and below the title is metadata, never the title (笔杆子素材库 / 三味园范文网 pages)', () => {
  const doc = parse([
    '笔杆子素材库 首页',
    '县长在201x年全县春节前后安全生产工作会议上的讲话',
    '10-28 笔杆子素材库',
    '同志们：',
    '刚才，我们收听收看了全市安全生产电视电话会议，紧接着我们召开全县安全生产工作会。下面，我再讲几点意见。',
  ]);
  assert.equal(doc.meta.title, '县长在201x年全县春节前后安全生产工作会议上的讲话');
  const json = documentToJson(doc) as { metadata?: { label: string; text: string }[] };
  assert.deepEqual(
    json.metadata?.filter((m) => m.label === 'site').map((m) => m.text),
    ['笔杆子素材库 首页', '10-28 笔杆子素材库'],
  );
  assert.deepEqual(outline(doc), [['intro', '', 2]]);
  const site = parse([
    '在全县安全生产工作会议上的讲话',
    '三味园范文网',
    '2025-04-02',
    '同志们：',
    '今天的安全生产工作会议主要任务是总结教训。',
  ]);
  assert.deepEqual(outline(site), [['intro', '', 2]]);
});

test('a guest in traditional script who speaks once is a turn of their own (葉篤初：, TV talk page)', () => {
  const doc = parse([
    '主持人：今天我們的話題就圍繞這條新聞展開。演播室請到的是葉篤初教授和特約評論員陸建華先生。',
    '陸建華：大家覺得這是一個新的領導集體在擴展思路。',
    '主持人：葉先生？',
    '葉篤初：史為今用，外為中用，這是一種學習方法，也是一種思考方法。',
    '主持人：這樣的初衷是什麼？',
    '陸建華：我想我們的領導人，想站在一個更高的起點上。',
  ]);
  const json = documentToJson(doc) as { parts: { speakers?: string[]; paragraphs: string[] }[] };
  assert.deepEqual(json.parts[0]!.speakers, ['主持人', '陸建華', '主持人', '葉篤初', '主持人', '陸建華']);
  assert.equal(json.parts[0]!.paragraphs[3], '史為今用，外為中用，這是一種學習方法，也是一種思考方法。');
});

/** Lines of a corpus text as published, without the full-width indents many web copies lose */
const corpusLines = (name: string, from: number, to: number): string[] =>
  readFileSync(`test/corpus/texts/${name}.txt`, 'utf8')
    .split('\n')
    .slice(from - 1, to)
    .map((l) => l.replace(/^\u3000+/u, ''));

test('an unnumbered heading: one short line without end punctuation between closed paragraphs, in a text with numbered headings (湖南农民运动考察报告)', () => {
  const mao = corpusLines('14-mao-hunan-peasant-report', 1, 29);
  // 「第一件　将农民组织在农会里」 and its text, then 「革命先锋」 and its text, pasted without indents
  const lines = ['湖南农民运动考察报告', mao[1]!, mao[27]!, mao[28]!, mao[20]!, mao[21]!];
  const doc = parse(lines);
  assert.deepEqual(outline(doc), [
    ['section', '第一件 将农民组织在农会里', 1],
    ['section', '革命先锋', 1],
  ]);
  assert.equal(doc.parts[1]!.level, 1, 'a part of the text, as the report’s own unnumbered heads are');
  assert.deepEqual(doc.warnings, []);
  // nothing vouches for it without a numbered heading in the text: a paragraph, with a warning
  const unnumbered = parse(['湖南农民运动考察报告', mao[1]!, mao[28]!, mao[20]!, mao[21]!]);
  assert.deepEqual(outline(unnumbered), [['intro', '', 3]]);
  assert.match(unnumbered.warnings[0]!.message, /could not be placed/);
  // nor after a heading (nothing closed before it), nor in a dialogue of turns
  const afterHeading = parse(['湖南农民运动考察报告', mao[27]!, mao[20]!, mao[21]!, mao[28]!]);
  assert.ok(!afterHeading.parts.some((p) => p.title === '革命先锋'));
  const dialogue = parse([
    '谈话',
    '一、形势',
    '问：现在怎样？',
    '答：很好。',
    '农民运动好得很。',
    '革命先锋',
    '这是农民自己说的。',
    '问：为什么？',
    '答：因为农民起来了。',
  ]);
  assert.deepEqual(
    dialogue.parts.map((p) => [p.kind, p.title]),
    [['dialogue', '一、形势']],
  );
});

test('a join begun on words that cannot end there crosses the heading after it (广东政府工作报告: …PM / 2.5 / 年平均…, …发展的 / 主要目标 / 是：…)', () => {
  const doc = parse(['政府工作报告', ...corpusLines('02-guangdong-gov-report', 30, 52)]);
  const texts = doc.parts.flatMap((p) => p.paragraphs.map((q) => q.text));
  assert.ok(texts.some((t) => t.includes('PM2.5年平均浓度保持在20微克')));
  assert.ok(texts.some((t) => t.startsWith('“十五五”时期经济社会发展的主要目标是：地区生产总值')));
  assert.ok(!texts.includes('主要目标') && !texts.some((t) => t.startsWith('是：')));
  // the headings after them are still headings
  const titles = doc.parts.map((p) => p.title);
  assert.ok(titles.includes('这是人民生活品质不断提高的五年。') && titles.includes('一是聚焦经济建设这一中心工作。'));
  // the line ending in 的 starts a joined paragraph: no warning that it could not be placed
  assert.deepEqual(doc.warnings, []);
});

test('speaker lines: a bare name under the date (习近平), a post ending in 发言人 (国务院新闻办吹风会)', () => {
  const xi = parse(corpusLines('18-xinhua-party-school-speech-excerpt', 1, 5));
  assert.deepEqual(xi.parts[0]!.speaker, { name: '习近平', post: '' });
  assert.ok(!xi.parts[0]!.paragraphs.some((p) => p.text === '习近平'));
  const scio = parse(corpusLines('24-scio-briefing-excerpt', 1, 8));
  assert.deepEqual(
    scio.parts.filter((p) => p.kind === 'talk').map((p) => p.speaker),
    [
      { name: '胡凯红', post: '国务院新闻办新闻局局长、新闻发言人' },
      { name: '黄守宏', post: '《政府工作报告》起草组负责人、国务院研究室主任' },
    ],
  );
});

test('a short line under an image (its alt text repeats the headline) is the image’s caption: metadata (发布会现场)', () => {
  const doc = parse(corpusLines('30-press-conference-news-page', 1, 12));
  const texts = doc.parts.flatMap((p) => p.paragraphs.map((q) => q.text));
  assert.ok(!texts.includes('发布会现场'));
  assert.deepEqual(
    (doc.metadata ?? []).filter((m) => m.label === 'caption').map((m) => [m.line, m.text]),
    [
      [5, '发布会现场'],
      [9, '发布会现场'],
    ],
  );
  // the item label of a page of several contributions under the repeated title is still the item
  const items = parse(corpusLines('29-duty-teacher-summaries-page', 1, 12));
  assert.ok(items.parts.some((p) => p.kind === 'talk' && p.title === '值周教师总结发言稿 1'));
});
