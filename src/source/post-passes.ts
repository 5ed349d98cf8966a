// Phase 4 of transcript recognition: passes over the finished parts — run-in leads, the series named
// in the text, guests who give no talk.
import type { Document, Paragraph, Part } from '../model';
import { MAX_PARALLEL_LEAD } from './classify';
import { type Recorder, warn } from './record';
import { charClass } from './char-class';

/** The marks that close a parallel lead (`/[。！？]/u`), and those it may not have inside */
const LEAD_END = charClass('。！？');
const LEAD_INNER_MARK = charClass('，、,：:；“”');

/** Sets `lead` on unnumbered paragraphs when a part has several that open with a short sentence (「规划先行。」). */
export function markParallelLeads(part: Part): void {
  const candidates: { para: Paragraph; lead: string }[] = [];
  for (const para of part.paragraphs) {
    if (para.lead) continue;
    const end = LEAD_END.indexIn(para.text);
    if (end <= 0 || end + 1 > MAX_PARALLEL_LEAD || end + 1 >= para.text.length) continue;
    const lead = para.text.slice(0, end + 1);
    if (LEAD_INNER_MARK.inText(lead)) continue;
    candidates.push({ para, lead });
  }
  if (candidates.length >= 2) for (const c of candidates) c.para.lead = c.lead;
}

/** How a text names its series, each expression with words a text must have for it to match (char-class.ts) */
const SERIES_RES: { re: RegExp; needs: readonly string[] }[] = [
  {
    re: /(?:做客|走进|登上|参加|作客)[“《「]?([^，。、“”《》「」\s]{2,10}?(?:论坛|讲坛|大讲堂|讲堂|沙龙|课堂))/u,
    needs: ['做客', '走进', '登上', '参加', '作客'],
  },
  { re: /[《“「]([^》”」，。]{2,12}(?:论坛|讲坛|讲堂|沙龙))[》”」]/u, needs: ['论坛', '讲坛', '讲堂', '沙龙'] },
];

/** The series a forum names in its title or opening (「做客賨州论坛」), else '' */
export function seriesFromText(doc: Document): string {
  const haystack = [
    doc.meta.title,
    doc.meta.subtitle,
    ...doc.parts.slice(0, 3).flatMap((p) => [p.title, ...p.paragraphs.slice(0, 5).map((q) => q.text)]),
  ];
  for (const { re, needs } of SERIES_RES) {
    for (const t of haystack) {
      const m = needs.some((word) => t.includes(word)) ? re.exec(t) : null;
      if (m) return m[1]!;
    }
  }
  return '';
}

/** Runs the passes over a document whose parts are read; `guestLine` gives the 嘉宾 line of each guest. */
export function finishDocument(doc: Document, guestLine: ReadonlyMap<string, number>, rec: Recorder): void {
  for (const part of doc.parts) markParallelLeads(part);
  if (!doc.meta.series) doc.meta.series = seriesFromText(doc);
  const speakers = new Set(doc.parts.map((p) => p.speaker?.name));
  for (const g of doc.meta.guests) {
    if (!speakers.has(g)) warn(rec, guestLine.get(g) ?? 1, `guest ${g} gives no talk (no speaker line names them)`);
  }
}
