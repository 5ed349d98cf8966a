// The bench's peer input: lectern's document model (`lectern check --json`) as typst markup laid out
// like lectern's handout: A4, Noto Serif CJK SC body at 12 pt with 2 em first-line indent on every
// paragraph, Noto Sans CJK SC headings, a cover page, each talk on a new page with its byline.

/** Typst markup escapes any character with a backslash; every ASCII punctuation mark is escaped. */
export function escapeTypst(text) {
  return text.replace(/[\\#*_$@<>[\]`~/=+\-'"{}()|:;,.!?%&^]/g, (c) => `\\${c}`);
}

export function documentToTypst(doc) {
  const out = [
    '#set document(title: none)',
    '#set page(paper: "a4", margin: (x: 24mm, y: 27mm), numbering: "1")',
    '#set text(font: "Noto Serif CJK SC", size: 12pt, lang: "zh", region: "cn")',
    '#set par(justify: true, leading: 0.75em, spacing: 0.75em, first-line-indent: (amount: 2em, all: true))',
    '#show heading: set text(font: "Noto Sans CJK SC", weight: "bold")',
    '#show heading.where(level: 1): set text(size: 18pt)',
    '#show heading.where(level: 1): set block(below: 1.2em)',
    '',
    '#align(center + horizon)[',
    `  #text(font: "Noto Sans CJK SC", size: 26pt, weight: "bold")[${escapeTypst(doc.title)}]`,
  ];
  if (doc.subtitle) out.push(`  #v(1em) #text(size: 16pt)[——${escapeTypst(doc.subtitle)}]`);
  if (doc.series) out.push(`  #v(2em) ${escapeTypst(doc.series)}`);
  if (doc.date) out.push(`  #v(0.5em) ${escapeTypst(doc.date)}`);
  out.push(']', '', '#pagebreak()', '#outline(title: "目　录", depth: 2)', '');
  for (const part of doc.parts) {
    if (part.kind === 'section') {
      out.push(`${'='.repeat(Math.min(part.level + 1, 5))} ${escapeTypst(part.title)}`, '');
    } else {
      out.push('#pagebreak()', '');
      if (part.title) out.push(`= ${escapeTypst(part.title)}`, '');
      if (part.subtitle) out.push(`#align(center)[——${escapeTypst(part.subtitle)}]`, '');
      if (part.speaker)
        out.push(`#align(center)[${escapeTypst(`${part.speaker.post} ${part.speaker.name}`.trim())}]`, '');
    }
    for (const p of part.paragraphs) out.push(escapeTypst(p), '');
    if (part.kind === 'intro') {
      if (doc.hosts.length) out.push(escapeTypst(`主持人：${doc.hosts.join(' ')}`), '');
      if (doc.guests.length) out.push(escapeTypst(`嘉宾：${doc.guests.join(' ')}`), '');
    }
  }
  return `${out.join('\n')}\n`;
}
