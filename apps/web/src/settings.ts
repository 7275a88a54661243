/** How completed real-time text is announced to screen readers. */
export type AnnounceMode = 'lines' | 'words' | 'off';

export type TextSize = 'normal' | 'large' | 'x-large';

export interface Settings {
  readonly textSize: TextSize;
  readonly highContrast: boolean;
  readonly announce: AnnounceMode;
}

export const DEFAULT_SETTINGS: Settings = {
  textSize: 'normal',
  highContrast: false,
  announce: 'lines',
};

export const TEXT_SCALE: Record<TextSize, number> = { normal: 1, large: 1.25, 'x-large': 1.6 };

const KEY = 'parley.settings';

/** The part of Storage the settings use (localStorage in the page). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const oneOf = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value)
    ? (value as T)
    : fallback;

/** Reads the remembered settings; anything missing or invalid falls back to the default. */
export function loadSettings(storage: StorageLike | undefined): Settings {
  let stored: Record<string, unknown> = {};
  try {
    const raw = storage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (typeof parsed === 'object' && parsed !== null) {
      stored = parsed as Record<string, unknown>;
    }
  } catch {
    // unreadable: defaults
  }
  return {
    textSize: oneOf(stored['textSize'], ['normal', 'large', 'x-large'], DEFAULT_SETTINGS.textSize),
    highContrast: stored['highContrast'] === true,
    announce: oneOf(stored['announce'], ['lines', 'words', 'off'], DEFAULT_SETTINGS.announce),
  };
}

export function saveSettings(storage: StorageLike | undefined, settings: Settings): void {
  try {
    storage?.setItem(KEY, JSON.stringify(settings));
  } catch {
    // private mode or full: the settings still apply to this page
  }
}

/** Applies text size and contrast to the document (a CSS variable and a class). */
export function applySettings(root: HTMLElement, settings: Settings): void {
  root.style.setProperty('--text-scale', String(TEXT_SCALE[settings.textSize]));
  root.classList.toggle('high-contrast', settings.highContrast);
}
