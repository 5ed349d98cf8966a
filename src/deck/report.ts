// The deck report: how a planned deck reads as slides — bullet lengths, bullets per slide, lone
// bullets, and whether every bullet is its source's own words (clause-aligned or a recorded
// condensation). Printed by `npm run deck-report`; the tests hold the same figures to the bounds.
import { isAligned, lacksSubject, phraseLength } from './keyphrase';
import type { DeckPlan, KeyPointSlide } from './plan';

export interface DeckReport {
  slides: number;
  bullets: number;
  medianBulletLength: number;
  maxBulletLength: number;
  maxBulletsPerSlide: number;
  /** Key-point slides with a single bullet (quote slides excepted) */
  oneBulletSlides: number;
  /** Quote slides: one quotable sentence of a talk, large */
  quoteSlides: number;
  /** Section slides showing the one thing a short part says (its lede) instead of a one-bullet slide */
  sectionLedes: number;
  /** Bullets some phrase of which is not aligned with its source, or whose source is not in the slide's notes */
  notAligned: string[];
  /** Key-point slides without notes */
  slidesWithoutNotes: number;
  /** Bullets that open on a function word (是…, 的…, 就…), without their subject */
  noSubject: string[];
  /** Dialogue slides headed by their question, and question lines labelled with the asker (问　…) */
  questionHeadlines: number;
  questionLines: number;
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function keyPointSlides(plan: DeckPlan): KeyPointSlide[] {
  return plan.parts.flatMap((p) => p.slides);
}

export function deckReport(plan: DeckPlan): DeckReport {
  const slides = keyPointSlides(plan);
  const points = slides.filter((s) => s.kind === 'points');
  // a section slide's lede is a bullet too, its notes the section slide's
  const ledes = plan.parts.flatMap((p) =>
    p.section?.lede ? [{ headline: p.title, bullets: [p.section.lede], notes: p.section.notes }] : [],
  );
  const lengths = [...points, ...ledes].flatMap((s) => s.bullets.map((b) => phraseLength(b.strong + b.text)));
  const notAligned: string[] = [];
  for (const s of [...slides, ...ledes]) {
    const notes = s.notes.join('\n');
    for (const b of s.bullets) {
      // a sub-heading shown as a bullet is its own source (the notes hold the paragraphs under it)
      const ok = b.phrases.every((p) => isAligned(p) && (p.kind === 'heading' || notes.includes(p.source)));
      const shown = b.phrases.map((p) => p.text).join('');
      if (!ok || shown !== b.strong + b.text) notAligned.push(`${s.headline}: ${b.strong}${b.text}`);
      if (b.asker && (b.phrases.length !== 1 || b.phrases[0]!.kind !== 'question'))
        notAligned.push(`${s.headline}: ${b.text}`);
    }
  }
  return {
    slides: plan.slideCount,
    bullets: lengths.length,
    medianBulletLength: median(lengths),
    maxBulletLength: Math.max(0, ...lengths),
    maxBulletsPerSlide: Math.max(0, ...points.map((s) => s.bullets.length)),
    oneBulletSlides: points.filter((s) => s.bullets.length === 1).length,
    quoteSlides: slides.filter((s) => s.kind === 'quote').length,
    sectionLedes: plan.parts.filter((p) => p.section?.lede).length,
    notAligned,
    slidesWithoutNotes: slides.filter((s) => s.notes.length === 0).length,
    noSubject: [...points, ...ledes].flatMap((s) =>
      s.bullets.filter((b) => !b.strong && lacksSubject(b.text)).map((b) => `${s.headline}: ${b.text}`),
    ),
    questionHeadlines: slides.filter((s) => s.question && s.headline.startsWith(s.question.text)).length,
    questionLines: slides.reduce((n, s) => n + s.bullets.filter((b) => b.asker).length, 0),
  };
}

export function formatDeckReport(name: string, r: DeckReport): string {
  return [
    `${name}: ${r.slides} slides, ${r.bullets} bullets`,
    `  bullet length median ${r.medianBulletLength}, max ${r.maxBulletLength}; bullets per slide max ${r.maxBulletsPerSlide}`,
    `  one-bullet slides ${r.oneBulletSlides}; quote slides ${r.quoteSlides}; section ledes ${r.sectionLedes}`,
    `  bullets not clause-aligned ${r.notAligned.length}; slides without notes ${r.slidesWithoutNotes}; bullets without their subject ${r.noSubject.length}`,
    ...(r.questionHeadlines || r.questionLines
      ? [
          `  dialogue: ${r.questionHeadlines} slides headed by their question, ${r.questionLines} labelled question lines`,
        ]
      : []),
    ...r.notAligned.map((b) => `    not aligned: ${b}`),
    ...r.noSubject.map((b) => `    without its subject: ${b}`),
  ].join('\n');
}
