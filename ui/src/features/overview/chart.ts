// Owns the geometry of the dues chart (expected vs collected per year): pure functions, so the
// bars' heights and the axis can be tested without a browser.

export interface YearBars {
  year: number;
  expected: { x: number; y: number; height: number };
  collected: { x: number; y: number; height: number };
  /** Collected as a share of expected, 0–100 (0 when nothing was expected). */
  percent: number;
}

export interface ChartFrame {
  width: number;
  height: number;
  /** Space left for the axis labels. */
  left: number;
  bottom: number;
  top: number;
}

/** A round value at or above `value` for the top of the axis: 1, 2 or 5 times a power of ten. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** Two bars per year, side by side, scaled to the largest amount. Amounts are in cents. */
export function duesBars(
  years: { year: number; expected_cents: number; collected_cents: number }[],
  frame: ChartFrame,
): { bars: YearBars[]; top: number; barWidth: number } {
  const max = niceCeiling(Math.max(0, ...years.map((y) => Math.max(y.expected_cents, y.collected_cents))));
  const plotWidth = frame.width - frame.left;
  const plotHeight = frame.height - frame.top - frame.bottom;
  const slot = years.length > 0 ? plotWidth / years.length : plotWidth;
  const barWidth = Math.min(36, slot / 3);
  const base = frame.height - frame.bottom;
  const scale = (cents: number) => (cents / max) * plotHeight;
  const bars = years.map((y, i) => {
    const centre = frame.left + slot * i + slot / 2;
    const expected = scale(y.expected_cents);
    const collected = scale(y.collected_cents);
    return {
      year: y.year,
      expected: { x: centre - barWidth, y: base - expected, height: expected },
      collected: { x: centre, y: base - collected, height: collected },
      percent: y.expected_cents > 0 ? Math.round((y.collected_cents / y.expected_cents) * 100) : 0,
    };
  });
  return { bars, top: max, barWidth };
}
