// Transcripts made up from the shapes recognition reads (heading marks, credits, metadata, dates, speaker
// and turn labels, dashes, brackets, spaces of every width, mojibake, CR/LF), seeded: the same texts on
// every run. For tests that recognition reads them as it did before a change meant to keep its answers.

/** A line's start: the marks and labels recognition's line classes open with */
const STARTS = [
  ...['一、', '二、', '三是', '一是', '第一部分', '第二讲', '第三、', '专题一', '（一）', '(二)', '1.', '2、', '12、'],
  ...['（3）', '(4)', '十', '一', '——', '—', '-', '--', '―', '─', '–', '【', '[', '〔', '（', '('],
  ...['主持人：', '主持：', '嘉宾：', '特邀嘉宾：', '【主持人】', '采访对象：', '受访者：', '编者按：', '【编者按】'],
  ...['开坛的话', '前言', '引言', '同志们：', '各位领导，', '尊敬的各位来宾：', '开幕词', '结束语', '总结', '附录'],
  ...['来源：', '作者：', '时间：', '发布时间：', '责任编辑：', '（来源：', 'http://x.com', 'HTTPS://a'],
  ...['2024-01-02 10:00', '2024年3月5日', '一九五六年三月', '2021年1月2日 12时30分', '第2版', '专栏：'],
  ...['当前位置：首页', '首页 > 新闻', '三味园范文网', '10-28 笔杆子素材库', '图为会场', '图：', '图片：'],
  ...['（《毛泽东选集》第五卷）', '现将讲话摘登如下，请认真学习。', '时间：2024年 地点：北京', '问：', '答：'],
  ...['记者：', '▲张三：', '主讲人：', '发言人：', '授课人 ', '报告人：', '值班领导：', '初二3班  ', '晨会发言：'],
  ...['', '', '', '', '', ''],
];

/** What follows a line's start, a few at a time */
const WORDS = [
  ...['乡镇党委书记', '张三', '李四', '王强', '王 强', '周 洁 孙 浩', '欧阳明', '镇长', '主任', '局长', '同志'],
  ...['的讲话', '做客賨州论坛', '走进“大讲堂”', '《学习论坛》', '賨州论坛', '发言', '小结', '加强学习', '规划先行'],
  ...['在全县会议上', '王志强在全县工作会议上的讲话', '我们', '发展', 'PM', '2.5', 'v1.2', 'Hello (world)'],
  ...['"引号"', "'单引'", '...', '。。。', '…', '……', '锟斤拷', '烫烫烫', 'Ã¤Â¸Â­', '\u200b', '\u00ad'],
  ...['\u3000', '\u3000\u3000', ' ', '  ', '\t', '\u00a0', '引　　言', '摄', '记者 刘尚文 摄', '中国网 郑亮 摄'],
  ...['（根据录音整理）', '、', '，', ',', '；', ';', '：', ':', '。', '！', '？', '!', '?', '.', '（', '）', '('],
  ...[')', '“', '”', '的', '和', '在', '了', '之', 'A', 'b', '9', '二', '十', '月', '日', '年', '号'],
  ...['吴志高', '沈振宇', '刘毓然', '卢琴', '𠀀', '々', '〇'],
];

/** Whole lines of the shapes that need more than a start: bylines, letter-spaced heads, dates, signatures… */
const WHOLE_LINES = [
  ...['张三、李四、王强', '戚本禹，张春桥，谢富治', '张三、加强学习', '引　　言', '结  语', '一 关于目前形势'],
  ...['一　关于', '（2024年3月5日）', '——2026年1月26日在广东省第十四届', '人民代表大会第五次会议上'],
  ...['（一九四八年四月一日）', '—— 2024年 3月 5日', '（时间：2024年3月　地点：北京）', '2024年3月5日在全县会议上'],
  ...['新街小学五年级 王子恒', '值周教师总结发言稿 1', '主持人 魯健：', '主持人：请问？', '葉篤初：', '问：你好'],
  ...['答：好的', '“书香中国”阅读论坛暨', '南浔区人民政府副区长 沈振宇', '——张三', '主讲人：张三'],
  ...['直溪镇党委书记吴志高', '张三（镇长）', '镇长 王　强', '初二3班  李思远', '发布会现场'],
];
const FINAL = ['。', '：', '！', '？', '、', '，', '的', '）', ')', '1', '一', '摄', ' ', '…'];
const PROSE = '乡镇党委书记既是国家行政体制最基层堡垒，又是贯彻落实党的各项方针政策最终执行者。';

/** `count` transcripts from `seed` (a linear congruential generator: the same texts everywhere) */
export function generatedTranscripts(count: number, seed: number): string[] {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const line = (): string => {
    if (random() < 0.25) return pick(WHOLE_LINES) + (random() < 0.3 ? pick(WORDS) : '');
    let text = pick(STARTS);
    for (let n = Math.floor(random() * 8); n > 0; n--) text += pick(WORDS);
    return random() < 0.2 ? text + pick(FINAL) : text;
  };
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    const lines: string[] = [];
    for (let n = 2 + Math.floor(random() * 12); n > 0; n--) lines.push(line());
    if (random() < 0.3) lines.push(PROSE);
    texts.push(lines.join(random() < 0.1 ? '\r\n' : '\n'));
  }
  return texts;
}
