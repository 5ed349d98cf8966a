// Transcript shapes of issue 5, each from a fixture written for it (test/fixtures/source/*.txt).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readDocument, parseTranscript } from '../src/source/index';
import { documentToJson, type Document } from '../src/model';

const F = 'test/fixtures/source';
const json = (doc: Document) => documentToJson(doc);
const part = (
  kind: 'intro' | 'talk' | 'section',
  title: string,
  subtitle: string,
  speaker: { post: string; name: string } | null,
  paragraphs: string[],
  level = 1,
) => ({
  kind,
  title,
  subtitle,
  speaker: speaker ? { name: speaker.name, post: speaker.post } : null,
  level,
  paragraphs,
});

test('forum: unheaded intro, names split by 、 and ，, titles of two/one/no lines, four speaker shapes', () => {
  const doc = readDocument(`${F}/forum-mixed.txt`);
  assert.deepEqual(json(doc), {
    title: '乡村振兴大家谈',
    subtitle: '',
    series: '',
    date: '',
    hosts: ['王海燕', '陈立'],
    guests: ['李建国', '张红梅', '赵卫东', '孙丽'],
    parts: [
      part('intro', '', '', null, [
        '本期论坛围绕乡村振兴，邀请四位基层干部谈经验。',
        '大家从产业、人才、治理三个方面交流了做法。',
      ]),
      // title + ——subtitle + 职务 姓名
      part('talk', '产业兴旺是关键', '做好土特产文章', { post: '平安县农业农村局局长', name: '李建国' }, [
        '产业振兴是乡村振兴的物质基础。',
        '我们坚持一村一品，培育了三个特色产业。',
      ]),
      // no title, 姓名（职务）
      part('talk', '', '', { post: '东山镇党委书记', name: '张红梅' }, [
        '人才是第一资源。我们每年引进大学生村官二十名。',
      ]),
      // no title, ——职务 姓名
      part('talk', '', '', { post: '西河乡乡长', name: '赵卫东' }, [
        '治理有效才能长治久安。',
        '我们推行积分制管理，群众参与热情很高。',
      ]),
      // one-line title, 职务姓名 split by the guest list
      part('talk', '把党支部建在产业链上', '', { post: '北坡村党支部书记', name: '孙丽' }, ['党建引领是我们的法宝。']),
    ],
  });
  assert.deepEqual(doc.warnings, []);
  // the full-width indent of the first lines is dropped and reported
  assert.deepEqual(
    doc.changes.map((c) => [c.line, c.what]),
    [
      [1, 'full-width space indent removed'],
      [2, 'full-width space indent removed'],
    ],
  );
});

test('forum without host/guest lines: ——subtitle of the title, 编者按 inline, 职务姓名 by post shapes', () => {
  const doc = readDocument(`${F}/forum-noguests.txt`);
  assert.deepEqual(json(doc), {
    title: '基层治理现代化的探索',
    subtitle: '在全县基层治理工作座谈会上的交流发言',
    series: '',
    date: '',
    hosts: [],
    guests: [],
    parts: [
      part('intro', '编者按', '', null, ['本文根据座谈会发言整理，有删节。']),
      part('talk', '立足网格 做实服务', '', { post: '城关镇党委副书记、镇长', name: '周明' }, [
        '网格化管理让服务更精准。',
        '我们把全镇划分为四十个网格。',
      ]),
      part('talk', '数字赋能提效率', '', { post: '县大数据中心主任', name: '吴芳' }, ['数据多跑路，群众少跑腿。']),
      part('talk', '', '', { post: '城东区区长', name: '郑伟' }, [
        '区里把矛盾调解前移到社区。',
        '我们的做法是早发现、早化解。',
      ]),
    ],
  });
});

test('single lecture: speaker, salutation, numbered headings 一、/（一）/（1） as sections, run-in 1. as lead, closing', () => {
  const doc = readDocument(`${F}/lecture.txt`);
  assert.deepEqual(json(doc), {
    title: '提高基层党组织组织力',
    subtitle: '在全市乡镇党政正职培训班上的辅导报告',
    series: '',
    date: '',
    hosts: [],
    guests: [],
    parts: [
      part('intro', '', '', { post: '市委常委、组织部部长', name: '黄志强' }, [
        '同志们：',
        '今天和大家交流三个方面的问题。',
      ]),
      part('section', '一、为什么要提高组织力', '', null, ['组织力是基层党组织的生命力。'], 1),
      part(
        'section',
        '（一）从历史看',
        '',
        null,
        ['我们党历来重视基层组织建设。', '1.加强学习。要读原著、学原文、悟原理。', '2. 强化实践。要在一线锤炼本领。'],
        2,
      ),
      part('section', '（1）抓班子', '', null, ['班子强则事业兴。'], 4),
      part('section', '二、怎样提高组织力', '', null, ['抓好“三会一课”，落实组织生活制度。'], 1),
      // a short line without end punctuation between closed paragraphs of a numbered text: a heading
      part('section', '一点体会', '', null, ['要坚持问题导向。', '谢谢大家！'], 1),
    ],
  });
  const runIn = doc.parts[2]!.paragraphs;
  assert.deepEqual(
    runIn.map((p) => p.lead),
    ['', '1.加强学习。', '2. 强化实践。'],
  );
  assert.deepEqual(doc.warnings, []);
});

test('a short line that fits nothing is a paragraph of the nearest part, with a warning naming it (学校升旗仪式页面)', () => {
  // the page ends on two photo captions: no numbered heading, nothing after them
  const doc = readDocument('test/corpus/texts/28-school-flag-ceremony-page.txt');
  assert.deepEqual(
    doc.warnings.filter((w) => /could not be placed/.test(w.message)).map((w) => [w.line, w.severity]),
    [
      [12, 'warning'],
      [13, 'warning'],
    ],
  );
  const last = doc.parts.at(-1)!.paragraphs;
  assert.deepEqual(
    last.slice(-2).map((p) => [p.line, p.text]),
    [
      [12, '学生代表进行国旗下演讲'],
      [13, '我校举行本学期第二周升旗仪式'],
    ],
  );
});

test('numbered heading of level 3 (1.) as a section, level marks with half-width brackets', () => {
  const doc = parseTranscript('标题\n1.总体要求\n正文一。\n(2)具体措施\n正文二。\n', 'x.txt');
  assert.deepEqual(
    doc.parts.map((p) => [p.kind, p.level, p.title]),
    [
      ['section', 3, '1.总体要求'],
      ['section', 4, '（2）具体措施'],
    ],
  );
  // the half-width brackets were normalised and reported
  assert.ok(doc.changes.some((c) => c.line === 4 && c.what.includes('parenthesis')));
});

test('opening section headed 导语 / 前言 / 开坛的话, or not headed', () => {
  for (const heading of ['导语', '前言', '开坛的话', '编者按']) {
    const doc = parseTranscript(`题目\n${heading}\n第一段。\n第二段。\n`, 'x.txt');
    assert.deepEqual(json(doc).parts, [part('intro', heading, '', null, ['第一段。', '第二段。'])], heading);
  }
  const unheaded = parseTranscript('题目\n第一段。\n第二段。\n', 'x.txt');
  assert.deepEqual(json(unheaded).parts, [part('intro', '', '', null, ['第一段。', '第二段。'])]);
});

test('host and guest names separated by spaces, 、, ， or full-width spaces; posts in brackets dropped', () => {
  const doc = parseTranscript('题目\n主持人:张三　李四\n嘉宾：王五（某镇党委书记、镇长）、赵六，钱七 孙八\n', 'x.txt');
  assert.deepEqual(doc.meta.hosts, ['张三', '李四']);
  assert.deepEqual(doc.meta.guests, ['王五', '赵六', '钱七', '孙八']);
  // guests without a talk are pointed out
  assert.equal(doc.warnings.filter((w) => w.message.includes('gives no talk')).length, 4);
});

test('series named in the text (做客…论坛)', () => {
  const doc = parseTranscript('题目\n开坛的话\n本期嘉宾做客“乡村大讲堂”，分享经验。\n', 'x.txt');
  assert.equal(doc.meta.series, '乡村大讲堂');
});

test('a short line that is neither title nor speaker in a forum opens a talk without a speaker, with a warning', () => {
  const text = '论坛\n第一讲\n市委书记 张三\n内容一。\n第二讲\n市长 李四\n内容二。\n附带说明\n内容三。\n';
  const doc = parseTranscript(text, 'x.txt');
  assert.deepEqual(
    doc.parts.map((p) => [p.kind, p.title, p.speaker?.name ?? null]),
    [
      ['talk', '第一讲', '张三'],
      ['talk', '第二讲', '李四'],
      ['talk', '附带说明', null],
    ],
  );
  assert.deepEqual(
    doc.warnings.map((w) => w.line),
    [8],
  );
});

test('speaker line is not confused with a title: 「植根农村 无悔人生」 and 「如何当好镇长助手」', () => {
  const doc = parseTranscript('论坛\n植根农村 无悔人生\n如何当好镇长助手\n某镇党委书记 朱军华\n正文。\n', 'x.txt');
  assert.deepEqual(json(doc).parts, [
    part('talk', '植根农村 无悔人生', '如何当好镇长助手', { post: '某镇党委书记', name: '朱军华' }, ['正文。']),
  ]);
});

test('speaker with a label (主讲人：) and a name only', () => {
  const doc = parseTranscript('讲座\n主讲人：刘洋\n正文。\n', 'x.txt');
  assert.deepEqual(doc.parts[0]!.speaker, { name: '刘洋', post: '' });
});

test('a first line of running text gives no title and a warning', () => {
  const doc = parseTranscript('这是一段很长的正文，没有标题，直接开始讲话内容。\n', 'x.txt');
  assert.equal(doc.meta.title, '');
  assert.deepEqual(
    doc.warnings.map((w) => w.line),
    [1],
  );
  assert.equal(doc.parts[0]!.paragraphs.length, 1);
});

test('newspaper layout: 【series】 line, ——subtitle, date line, 【编者按】, 【主持人】, padded names, name-first speaker', () => {
  const doc = readDocument(`${F}/newspaper.txt`);
  assert.deepEqual(json(doc), {
    title: '稳住经济大盘 守住民生底线',
    subtitle: '全市乡镇街道负责人谈下半年工作',
    series: '賨州论坛',
    date: '2022年6月10日',
    hosts: ['王强'],
    guests: ['林晓峰', '郭敏', '欧阳明辉'],
    parts: [
      part('intro', '编者按', '', null, ['本期论坛邀请三位负责人，谈如何稳增长、保民生。']),
      part('talk', '把项目抓在手上', '', { post: '北关街道党工委书记', name: '林晓峰' }, ['项目是稳增长的“压舱石”。']),
      part('talk', '', '', { post: '南山镇镇长', name: '郭敏' }, ['民生无小事。']),
      // a whole line in brackets is an editorial note: a paragraph, not a title
      part('talk', '守住底线', '', { post: '县应急管理局局长', name: '欧阳明辉' }, [
        '安全生产是底线。',
        '（本版文字根据现场发言整理）',
      ]),
    ],
  });
  assert.deepEqual(doc.warnings, []);
});

test('two title lines before the opening section: the second is the subtitle, with a warning', () => {
  const doc = parseTranscript('广安适应新时代新发展\n提升乡镇党政正职履职能力\n开坛的话\n正文。\n', 'x.txt');
  assert.equal(doc.meta.title, '广安适应新时代新发展');
  assert.equal(doc.meta.subtitle, '提升乡镇党政正职履职能力');
  assert.deepEqual(
    doc.warnings.map((w) => [w.line, w.message]),
    [[2, 'second title line read as the subtitle']],
  );
});

test('speaker with a padded name after the post: 「镇党委书记 王　强」', () => {
  const doc = parseTranscript('论坛\n题目一\n某镇党委书记 王　强\n正文。\n题目二\n某县县长 李　明\n正文。\n', 'x.txt');
  assert.deepEqual(
    doc.parts.map((p) => p.speaker),
    [
      { name: '王强', post: '某镇党委书记' },
      { name: '李明', post: '某县县长' },
    ],
  );
});

test('a guest who gives no talk, and a speaker not in the guest list, are warned about at their lines', () => {
  const doc = parseTranscript(
    '论坛\n嘉宾：张三 李四\n题目\n某镇镇长 张三\n正文。\n题目二\n某区区长 王五\n正文。\n',
    'x.txt',
  );
  assert.deepEqual(
    doc.warnings.map((w) => [w.line, w.message]),
    [
      [2, 'guest 李四 gives no talk (no speaker line names them)'],
      [7, 'speaker 王五 is not in the 嘉宾 list'],
    ],
  );
});

test('hard-wrapped lines (pasted newspaper columns) are joined into their paragraph, each join reported', () => {
  const doc = readDocument(`${F}/wrapped.txt`);
  assert.deepEqual(json(doc).parts, [
    part('intro', '', '', null, [
      '乡镇党委书记既是国家行政体制最基层堡垒，又是贯彻落实党的各项方针政策最终执行者，还是谋发展、保平安的“主心骨”。',
      '要把握关键的人、关键的事和关键的点。要有正确的政治方向，抓住标志性的、贡献大的、长远的、特色性的重点项目，用好AI tools和大数据。',
      // dialogue is not a host or guest list
      '主持人：请问您怎么看待基层减负？',
      '沈振宇：减负是为了更好地干事。',
    ]),
  ]);
  assert.deepEqual(doc.meta.hosts, []);
  assert.deepEqual(
    doc.changes.map((c) => [c.line, c.what]),
    [
      [3, 'line joined to the paragraph of line 2 (hard line wrap)'],
      [5, 'line joined to the paragraph of line 4 (hard line wrap)'],
      [6, 'line joined to the paragraph of line 4 (hard line wrap)'],
    ],
  );
  assert.deepEqual(doc.warnings, []);
});

test('a numbered line that is a whole sentence with clauses is a paragraph, not a heading', () => {
  const doc = parseTranscript('题目\n正文。\n1. 这一行是一句话，有逗号，也有句号。\n一、坚持党建引领。\n', 'x.txt');
  assert.deepEqual(
    doc.parts.map((p) => [p.kind, p.title, p.paragraphs.map((q) => q.text)]),
    [
      ['intro', '', ['正文。', '1. 这一行是一句话，有逗号，也有句号。']],
      ['section', '一、坚持党建引领。', []],
    ],
  );
});

test('a very long line without punctuation is a paragraph of its own, not a wrapped one', () => {
  const long = '这是一句没有任何标点停顿而且特别特别长的话'.repeat(5);
  const doc = parseTranscript(`题目\n${long}\n下一段。\n`, 'x.txt');
  assert.deepEqual(
    doc.parts[0]!.paragraphs.map((p) => p.text),
    [long, '下一段。'],
  );
});

test('a document title longer than a talk title is still the title', () => {
  const title = '深入贯彻新发展理念加快推动县域经济高质量发展暨基层干部履职能力提升论坛第二期专题研讨交流发言汇编';
  assert.ok(title.length > 40);
  const doc = parseTranscript(`${title}\n开坛的话\n正文。\n`, 'x.txt');
  assert.equal(doc.meta.title, title);
  assert.deepEqual(doc.warnings, []);
});

test('salutations 各位领导、同志们： and 尊敬的…： open an untitled intro', () => {
  for (const salutation of ['各位领导、同志们：', '尊敬的各位来宾：', '同志们：']) {
    const doc = parseTranscript(`讲话\n${salutation}\n正文。\n一、第一部分\n内容。\n谢谢大家！\n`, 'x.txt');
    assert.deepEqual(
      doc.parts.map((p) => [p.kind, p.title, p.paragraphs.map((q) => q.text)]),
      [
        ['intro', '', [salutation, '正文。']],
        ['section', '一、第一部分', ['内容。', '谢谢大家！']],
      ],
      salutation,
    );
    assert.deepEqual(doc.warnings, []);
  }
});

test('name lists with posts (嘉宾：…党委书记吴志高) and a bare post (本报记者) give names only', () => {
  const doc = parseTranscript('题目\n主持人：本报记者 卢琴\n嘉宾：南浔区副区长沈振宇、直溪镇党委书记吴志高\n', 'x.txt');
  assert.deepEqual(doc.meta.hosts, ['卢琴']);
  assert.deepEqual(doc.meta.guests, ['沈振宇', '吴志高']);
});

test('a title ending in a loose post word and a name-like tail stays a title', () => {
  const doc = parseTranscript(
    '论坛\n致敬最美基层干部王小明\n某镇党委书记 张三\n正文。\n第二讲\n某县县长 李四\n正文。\n',
    'x.txt',
  );
  assert.deepEqual(
    doc.parts.map((p) => [p.title, p.speaker?.name]),
    [
      ['致敬最美基层干部王小明', '张三'],
      ['第二讲', '李四'],
    ],
  );
});

test('changes on an intro heading line and in a run-in lead are reported, and the lead matches the text', () => {
  const doc = parseTranscript('题目\n编者按:本文,有删节.\n1. 加强 学习.要读原著.\n', 'x.txt');
  assert.deepEqual(json(doc).parts[0]!.paragraphs, ['本文，有删节。', '1. 加强学习。要读原著。']);
  assert.equal(doc.parts[0]!.paragraphs[1]!.lead, '1. 加强学习。');
  assert.deepEqual(
    doc.changes.map((c) => [c.line, c.what]),
    [
      [2, 'half-width colon : → ：'],
      [2, 'half-width comma , → ，'],
      [2, 'half-width full stop . → 。'],
      [3, 'half-width full stop . → 。'],
      [3, 'half-width full stop . → 。'],
      [3, 'space inside Han text removed'],
    ],
  );
});

test('numbered talk titles in a forum (一、… followed by a speaker line) are talk titles, not sections', () => {
  const doc = parseTranscript(
    '“乡村振兴”大讲堂\n主持人：李华\n嘉宾：王刚、周丽\n一、如何抓产业\n县农业局局长 王刚\n正文一。\n二、如何抓人才\n——谈引才育才\n周丽（某镇党委书记）\n正文二。\n',
    'x.txt',
  );
  assert.deepEqual(json(doc).parts, [
    part('talk', '一、如何抓产业', '', { post: '县农业局局长', name: '王刚' }, ['正文一。']),
    part('talk', '二、如何抓人才', '谈引才育才', { post: '某镇党委书记', name: '周丽' }, ['正文二。']),
  ]);
});
