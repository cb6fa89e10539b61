import { eastAsianWidth } from 'get-east-asian-width';

/** Made on first use: building ICU's segmenter took 10 ms of every command's start-up. */
let segmenter: Intl.Segmenter | undefined;
const graphemes = (text: string) =>
  (segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' })).segment(text);

/**
 * The columns a terminal gives `text`: CJK ideographs, fullwidth forms and emoji take two, combining
 * marks and invisible characters none. Counted per grapheme (what a person sees as one character),
 * so `é` written as e + U+0301, a flag or a family emoji of several code points is one cell or two.
 */
export function displayWidth(text: string): number {
  let width = 0;
  for (const { segment } of graphemes(text)) width += graphemeWidth(segment);
  return width;
}

/** `text` cut to at most `columns` columns, whole graphemes only. */
export function cutToWidth(text: string, columns: number): string {
  let width = 0;
  let cut = '';
  for (const { segment } of graphemes(text)) {
    width += graphemeWidth(segment);
    if (width > columns) break;
    cut += segment;
  }
  return cut;
}

function graphemeWidth(grapheme: string): number {
  const first = grapheme.codePointAt(0) ?? 0;
  if (/^[\p{Cc}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}]/u.test(grapheme)) return 0;
  // An emoji shown as a picture (by default, or asked for with VS16) takes two columns.
  if (/\p{Emoji_Presentation}|\u{FE0F}/u.test(grapheme)) return 2;
  return eastAsianWidth(first, { ambiguousAsWide: false });
}
