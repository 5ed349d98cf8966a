// The deck planner: Document → DeckPlan (data for templates/slides.md.hbs).
export { planDeck, deckNotes, CONTINUED, MAX_BULLETS, MIN_BULLETS, MAX_BULLET_LINES, MAX_HEADLINE_LINES } from './plan';
export type {
  DeckPlan,
  PartPlan,
  KeyPointSlide,
  AgendaSlide,
  AgendaItem,
  Bullet,
  TitleSize,
  PlanInput,
  PlanResult,
} from './plan';
export { readThemeMetrics, contentBox } from './metrics';
export type { SlideMetrics } from './metrics';
export { GlyphWidths, chromiumLines, breakPieces, lineCount, fitPrefix, trimmedWidth } from './measure';
export { splitSentences, splitClauses, trimHedges, findEnumeration } from './text';
export { isAligned, isFormula, paragraphPhrases, TermWeights, phraseLength } from './keyphrase';
export type { KeyPhrase, PhraseKind } from './keyphrase';
export { linePieces, words, wordBoundaries } from './segment';

import { cutSlideLinesWith } from '../templates';
import { linePieces } from './segment';

// The `slide` helper of slides.md cuts a string as the planner cuts it; the deck stage gives it the cutter
// (src/templates: imported there, BudouX's model was built on the handout's side too)
cutSlideLinesWith(linePieces);
