// "Did you mean …?": the nearest known name to a misspelt one (an option, a command, a setting).

/** Levenshtein distance with adjacent transpositions counted as one edit (`papr` → `paper`: 1). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The known name nearest to `name` (case-insensitive), if it is close enough to be a slip: at most a
 * third of the name's length in edits (at least 1), or the one name `name` starts or ends.
 */
export function closest(name: string, known: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(lower, k.toLowerCase());
    if (!best || d < best.d) best = { name: k, d };
  }
  if (!best) return undefined;
  if (best.d <= Math.max(1, Math.floor(name.length / 3))) return best.name;
  const affix = known.filter((k) => k.toLowerCase().startsWith(lower) || lower.startsWith(k.toLowerCase()));
  return affix.length === 1 && lower.length >= 3 ? affix[0] : undefined;
}
