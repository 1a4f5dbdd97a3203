/**
 * Achievement rates (结案率, 完成率, 公示率) are rounded down, so that a rate shows 100% only
 * when everything is done and is never overstated: the seed prints 1205/1281 = 94.0671% as
 * 94.06%. Shares (占比) are rounded half up: 353/1205 = 29.29% is printed 29.3%.
 */
export type Rounding = 'down' | 'halfUp';

/**
 * A value shown in a report, kept exact until it is shown: counts, money in fen, rates as a
 * fraction with the number of decimals the seed-002 report prints for that figure.
 */
export type ReportCell =
  | { readonly kind: 'count'; readonly value: number }
  | {
      readonly kind: 'rate';
      readonly numerator: number;
      readonly denominator: number;
      readonly digits: number;
      readonly rounding: Rounding;
    }
  | { readonly kind: 'money'; readonly fen: number }
  | { readonly kind: 'score'; readonly centipoints: number; readonly of: number };

export const count = (value: number): ReportCell => ({ kind: 'count', value });
/** An achievement rate, rounded down to `digits` decimals of a percent. */
export const rate = (numerator: number, denominator: number, digits: number): ReportCell => ({
  kind: 'rate',
  numerator,
  denominator,
  digits,
  rounding: 'down',
});
/** A share of a whole, rounded half up to `digits` decimals of a percent. */
export const share = (numerator: number, denominator: number, digits: number): ReportCell => ({
  kind: 'rate',
  numerator,
  denominator,
  digits,
  rounding: 'halfUp',
});
export const money = (fen: number): ReportCell => ({ kind: 'money', fen });
/** An average score: `centipoints` summed over `of` items. */
export const score = (centipoints: number, of: number): ReportCell => ({ kind: 'score', centipoints, of });

/** `n / d` rounded to `digits` decimals, as a decimal string; exact for integers below 2^53 / 10^(digits+1). */
function decimal(n: number, d: number, digits: number, rounding: Rounding = 'halfUp'): string {
  const scale = 10 ** digits;
  const scaled = rounding === 'down' ? Math.floor((n * scale) / d) : Math.floor((2 * n * scale + d) / (2 * d));
  const whole = Math.floor(scaled / scale);
  const fraction = scaled % scale;
  return digits === 0 ? String(whole) : `${whole}.${String(fraction).padStart(digits, '0')}`;
}

/** Trailing zeros go, as the report writes "100%" and "3.7%", never "100.00%". */
const trimZeros = (text: string) => (text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text);

/** The text the report prints: "94.06%", "639.96" (万元), "1281"; "—" for a rate of nothing. */
export function displayCell(cell: ReportCell): string {
  switch (cell.kind) {
    case 'count':
      return String(cell.value);
    case 'rate':
      return cell.denominator === 0 ? '—' : `${trimZeros(decimal(cell.numerator * 100, cell.denominator, cell.digits, cell.rounding))}%`;
    case 'money':
      return decimal(cell.fen, 1_000_000, 2);
    case 'score':
      return cell.of === 0 ? '—' : decimal(cell.centipoints, 100 * cell.of, 2);
    default: {
      const unknown: never = cell;
      throw new Error(`unknown cell ${JSON.stringify(unknown)}`);
    }
  }
}

/** The cell as a spreadsheet number (rates as fractions, money in 万元) with its number format; null when undefined. */
export function numericCell(cell: ReportCell): { readonly value: number | null; readonly numFmt: string } {
  switch (cell.kind) {
    case 'count':
      return { value: cell.value, numFmt: '0' };
    case 'rate':
      return {
        value: cell.denominator === 0 ? null : cell.numerator / cell.denominator,
        numFmt: cell.digits === 0 ? '0%' : `0.${'0'.repeat(cell.digits)}%`,
      };
    case 'money':
      return { value: cell.fen / 1_000_000, numFmt: '0.00' };
    case 'score':
      return { value: cell.of === 0 ? null : Math.round(cell.centipoints / cell.of) / 100, numFmt: '0.00' };
    default: {
      const unknown: never = cell;
      throw new Error(`unknown cell ${JSON.stringify(unknown)}`);
    }
  }
}
