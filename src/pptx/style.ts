// The editable deck's design: the slide theme's sizes come from its --lectern-* numbers (the same
// SlideMetrics the planner measured with); colours mirror templates/themes/lectern.css.
import type { SlideMetrics } from '../deck';

/** CSS px per inch: the theme's 1280×720 px slide is PowerPoint's 13.333×7.5 in widescreen. */
export const PX_PER_INCH = 96;
/** pt per CSS px */
export const PT_PER_PX = 0.75;

export const PPTX_STYLE = {
  background: 'FBFAF7',
  text: '1F2328',
  heading: '8E2A22',
  strong: '8E2A22',
  meta: '3D434A',
  footer: '6A6F76',
  accent: 'B0352B',
  /** The accent bar along the top edge (px) */
  accentBar: 10,
  /** Footer and page number: distance of their box's bottom from the slide's bottom (px) */
  footerBottom: 30,
  footerSize: 20,
  footerLeading: 1.4,
  /** Space the footer leaves on the right for the page number (px) */
  footerRight: 200,
  pageNumberWidth: 120,
} as const;

/** A length of the theme (px) in inches. */
export const inch = (px: number): number => Math.round((px / PX_PER_INCH) * 10000) / 10000;
/** A font size of the theme (px) in points. */
export const pt = (px: number): number => Math.round(px * PT_PER_PX * 100) / 100;

/** The box text is set in: inside the theme's padding. */
export function contentFrame(m: SlideMetrics): { x: number; y: number; w: number; h: number } {
  return {
    x: inch(m.padX),
    y: inch(m.padTop),
    w: inch(m.width - 2 * m.padX),
    h: inch(m.height - m.padTop - m.padBottom),
  };
}
