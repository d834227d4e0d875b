/**
 * The layout of a link-preview card (1200×630, the size Open Graph and Twitter's large card
 * show), as the element tree satori lays out: plain `{ type, props }` objects, no JSX runtime.
 * Pure: what goes in is text and an already rasterized figure.
 */

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** The light theme's tokens, as in site/styles/global.css (the first value of each light-dark()). */
export const theme = {
  bg: '#fdfcfa',
  bgSoft: '#f3f1ec',
  fg: '#1c1c1e',
  muted: '#5a5a60',
  rule: '#dcd9d2',
  accent: '#0a56a3',
} as const;

const BAND = 14;
const PAD = { top: 56, side: 64, figureSide: 48 } as const;
const FIGURE_PAD = 14;
/** The box a figure is fitted into: its framed panel then fills the body's height at most. */
export const FIGURE_BOX = { width: 420, height: CARD_HEIGHT - BAND - 2 * PAD.top - 2 * FIGURE_PAD - 4 } as const;

export interface CardText {
  title: string;
  /** The date line as the reader sees it, e.g. "2 December 2026". */
  date: string;
  siteName: string;
  /** Where the site lives, e.g. "bjlkeng.io". */
  host: string;
}

/** A figure rasterized to fit FIGURE_BOX, as a PNG data URL. */
export interface CardFigure {
  src: string;
  width: number;
  height: number;
}

export interface CardNode {
  type: string;
  props: { style?: Record<string, string | number>; children?: (CardNode | string)[] | string; [k: string]: unknown };
}

const el = (type: string, style: Record<string, string | number>, children?: CardNode['props']['children']) => ({
  type,
  props: children === undefined ? { style } : { style, children },
});

/** Long titles get smaller type, so that every title fits in at most four lines. */
export function titleSize(title: string, withFigure: boolean): number {
  const n = title.length * (withFigure ? 1.45 : 1);
  return n <= 40 ? 72 : n <= 70 ? 62 : n <= 100 ? 52 : 44;
}

export function cardTree(text: CardText, figure?: CardFigure): CardNode {
  const textColumn = el(
    'div',
    { display: 'flex', flexDirection: 'column', justifyContent: 'space-between', flexGrow: 1, flexBasis: 0 },
    [
      el(
        'div',
        { display: 'flex', fontFamily: 'Source Sans 3', fontWeight: 600, fontSize: 30, color: theme.accent },
        text.siteName,
      ),
      el(
        'div',
        {
          display: 'flex',
          fontFamily: 'Source Serif 4',
          fontWeight: 600,
          fontSize: titleSize(text.title, figure !== undefined),
          lineHeight: 1.15,
          letterSpacing: '-0.01em',
          color: theme.fg,
          paddingRight: figure ? 40 : 0,
        },
        text.title,
      ),
      el(
        'div',
        {
          display: 'flex',
          justifyContent: 'space-between',
          paddingTop: 22,
          borderTop: `2px solid ${theme.rule}`,
          marginRight: figure ? 40 : 0,
          fontFamily: 'Source Sans 3',
          fontWeight: 400,
          fontSize: 28,
          color: theme.muted,
        },
        [el('div', { display: 'flex' }, text.date), el('div', { display: 'flex' }, text.host)],
      ),
    ],
  );
  const children: CardNode[] = [textColumn];
  if (figure) {
    children.push(
      el(
        'div',
        {
          display: 'flex',
          alignSelf: 'center',
          padding: FIGURE_PAD,
          backgroundColor: theme.bg,
          border: `2px solid ${theme.rule}`,
          borderRadius: 12,
        },
        [{ type: 'img', props: { src: figure.src, width: figure.width, height: figure.height } }],
      ),
    );
  }
  // Satori sizes boxes without their padding and borders (content-box): the fixed size goes on an
  // outer box with neither, and the band and the padded body share it as flex items.
  return el(
    'div',
    { display: 'flex', flexDirection: 'column', width: CARD_WIDTH, height: CARD_HEIGHT, backgroundColor: theme.bg },
    [
      el('div', { display: 'flex', height: BAND, backgroundColor: theme.accent }),
      el(
        'div',
        {
          display: 'flex',
          flexGrow: 1,
          padding: `${PAD.top}px ${figure ? PAD.figureSide : PAD.side}px ${PAD.top}px ${PAD.side}px`,
        },
        children,
      ),
    ],
  );
}

/** Every string of a tree, in order: what a reader of the card sees (for tests). */
export function cardStrings(node: CardNode | string): string[] {
  if (typeof node === 'string') return [node];
  const { children } = node.props;
  if (children === undefined) return [];
  return typeof children === 'string' ? [children] : children.flatMap(cardStrings);
}
