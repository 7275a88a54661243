/** A colour from SGR: an indexed palette entry (0-7 normal, 8-15 bright, up to 255) or 24-bit RGB. */
export type T140Color =
  | { readonly kind: 'palette'; readonly index: number }
  | { readonly kind: 'rgb'; readonly red: number; readonly green: number; readonly blue: number };

/**
 * Graphic rendition selected with SGR (ECMA-48 §8.3.117), as optional styling for a UI. Absent
 * fields mean the default rendition.
 */
export interface T140Style {
  readonly bold?: true;
  readonly faint?: true;
  readonly italic?: true;
  readonly underline?: true;
  readonly blink?: true;
  readonly inverse?: true;
  readonly crossedOut?: true;
  readonly foreground?: T140Color;
  readonly background?: T140Color;
}

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/** Reads an extended colour (38/48: `5;n` or `2;r;g;b`) starting after the 38/48; returns the colour and params used. */
function extendedColor(params: readonly number[], at: number): [T140Color | undefined, number] {
  const mode = params[at];
  if (mode === 5) {
    const index = params[at + 1];
    return index !== undefined && index <= 255 ? [{ kind: 'palette', index }, 2] : [undefined, 2];
  }
  if (mode === 2) {
    const [red, green, blue] = [params[at + 1], params[at + 2], params[at + 3]];
    if (red !== undefined && green !== undefined && blue !== undefined) {
      if (red <= 255 && green <= 255 && blue <= 255) {
        return [{ kind: 'rgb', red, green, blue }, 4];
      }
    }
    return [undefined, 4];
  }
  return [undefined, 1];
}

/**
 * Applies SGR parameters to a style and returns the new style (or undefined for the default).
 * Parameters not understood are ignored, as T.140 asks of optional presentation codes.
 */
export function applySgr(
  style: T140Style | undefined,
  params: readonly number[],
): T140Style | undefined {
  let next: Mutable<T140Style> = { ...style };
  const list = params.length === 0 ? [0] : params;
  for (let i = 0; i < list.length; i++) {
    const p = list[i] as number;
    if (p === 0) {
      next = {};
    } else if (p === 1) {
      next.bold = true;
    } else if (p === 2) {
      next.faint = true;
    } else if (p === 3) {
      next.italic = true;
    } else if (p === 4) {
      next.underline = true;
    } else if (p === 5 || p === 6) {
      next.blink = true;
    } else if (p === 7) {
      next.inverse = true;
    } else if (p === 9) {
      next.crossedOut = true;
    } else if (p === 22) {
      delete next.bold;
      delete next.faint;
    } else if (p === 23) {
      delete next.italic;
    } else if (p === 24) {
      delete next.underline;
    } else if (p === 25) {
      delete next.blink;
    } else if (p === 27) {
      delete next.inverse;
    } else if (p === 29) {
      delete next.crossedOut;
    } else if (p >= 30 && p <= 37) {
      next.foreground = { kind: 'palette', index: p - 30 };
    } else if (p >= 90 && p <= 97) {
      next.foreground = { kind: 'palette', index: p - 90 + 8 };
    } else if (p === 39) {
      delete next.foreground;
    } else if (p >= 40 && p <= 47) {
      next.background = { kind: 'palette', index: p - 40 };
    } else if (p >= 100 && p <= 107) {
      next.background = { kind: 'palette', index: p - 100 + 8 };
    } else if (p === 49) {
      delete next.background;
    } else if (p === 38 || p === 48) {
      const [color, used] = extendedColor(list, i + 1);
      if (color) {
        if (p === 38) {
          next.foreground = color;
        } else {
          next.background = color;
        }
      }
      i += used;
    }
  }
  return Object.keys(next).length === 0 ? undefined : next;
}

/** The SGR parameters that select `style` from the default rendition (for re-sending a source's style). */
export function sgrParamsFor(style: T140Style | undefined): number[] {
  if (!style) {
    return [0];
  }
  const params: number[] = [];
  const flags: [keyof T140Style, number][] = [
    ['bold', 1],
    ['faint', 2],
    ['italic', 3],
    ['underline', 4],
    ['blink', 5],
    ['inverse', 7],
    ['crossedOut', 9],
  ];
  for (const [key, code] of flags) {
    if (style[key]) {
      params.push(code);
    }
  }
  const color = (c: T140Color, base: number, extended: number): number[] =>
    c.kind === 'palette'
      ? c.index < 8
        ? [base + c.index]
        : [extended, 5, c.index]
      : [extended, 2, c.red, c.green, c.blue];
  if (style.foreground) {
    params.push(...color(style.foreground, 30, 38));
  }
  if (style.background) {
    params.push(...color(style.background, 40, 48));
  }
  return params.length === 0 ? [0] : params;
}

/** True when two styles select the same rendition. */
export function sameStyle(a: T140Style | undefined, b: T140Style | undefined): boolean {
  if (a === b) {
    return true;
  }
  return sgrParamsFor(a).join(';') === sgrParamsFor(b).join(';');
}
