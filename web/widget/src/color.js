// WCAG 2.1 colour maths: whatever `data-color` an NGO picks, text stays readable (AA).

const WHITE = [255, 255, 255];
const BLACK = [0, 0, 0];
export const DEFAULT_COLOR = "#1f5f8b";
// The lightest background the accent colour is drawn on (the bot's bubbles).
export const BOT_BUBBLE = "#eef1f4";

export function parseHex(value) {
  const m = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value || "").trim());
  if (!m) return null;
  let hex = m[1];
  if (hex.length === 3) hex = hex.replace(/./g, (c) => c + c);
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

export function toHex(rgb) {
  return "#" + rgb.map((c) => c.toString(16).padStart(2, "0")).join("");
}

function linear(c) {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
}

export function luminance([r, g, b]) {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * Colours derived from the NGO's brand colour.
 * - brand / onBrand: header, launcher and the user's bubbles; onBrand is black or white,
 *   whichever contrasts more (always at least 4.58:1, above AA's 4.5:1).
 * - accent: the brand colour darkened until it reads as text on the light bubbles and on
 *   white (4.5:1), for links, button borders and focus rings; white text on it is AA too.
 */
export function themeFor(value) {
  const brand = parseHex(value) || parseHex(DEFAULT_COLOR);
  const onBrand = contrast(brand, WHITE) >= contrast(brand, BLACK) ? WHITE : BLACK;
  const bubble = parseHex(BOT_BUBBLE);
  let accent = brand;
  for (let i = 0; i < 60 && contrast(accent, bubble) < 4.6; i++) {
    accent = accent.map((c) => Math.floor(c * 0.93));
  }
  return { brand: toHex(brand), onBrand: toHex(onBrand), accent: toHex(accent) };
}
