import { h } from './dom.js';
import {
  applySettings,
  saveSettings,
  type AnnounceMode,
  type Settings,
  type StorageLike,
  type TextSize,
} from './settings.js';

function radioGroup<T extends string>(
  name: string,
  legend: string,
  options: readonly (readonly [T, string])[],
  current: T,
  onChange: (value: T) => void,
): HTMLFieldSetElement {
  return h(
    'fieldset',
    {},
    h('legend', {}, legend),
    ...options.map(([value, label]) => {
      const id = `${name}-${value}`;
      const input = h('input', {
        type: 'radio',
        name,
        id,
        value,
        checked: value === current,
      });
      input.addEventListener('change', () => {
        if (input.checked) {
          onChange(value);
        }
      });
      return h('div', { class: 'choice' }, input, h('label', { for: id }, label));
    }),
  );
}

/**
 * Display and announcement settings, remembered in this browser: text size, high contrast, and how
 * real-time text is announced to screen readers.
 */
export function settingsPanel(
  initial: Settings,
  storage: StorageLike | undefined,
  onChange: (settings: Settings) => void,
): HTMLDetailsElement {
  let settings = initial;
  const update = (patch: Partial<Settings>): void => {
    settings = { ...settings, ...patch };
    saveSettings(storage, settings);
    applySettings(document.documentElement, settings);
    onChange(settings);
  };
  const contrast = h('input', {
    type: 'checkbox',
    id: 'setting-contrast',
    checked: settings.highContrast,
  });
  contrast.addEventListener('change', () => {
    update({ highContrast: contrast.checked });
  });
  return h(
    'details',
    { class: 'settings' },
    h('summary', {}, 'Display and announcement settings'),
    h(
      'div',
      { class: 'settings-body' },
      radioGroup<TextSize>(
        'text-size',
        'Text size',
        [
          ['normal', 'Normal'],
          ['large', 'Large'],
          ['x-large', 'Extra large'],
        ],
        settings.textSize,
        (textSize) => {
          update({ textSize });
        },
      ),
      h(
        'div',
        { class: 'choice' },
        contrast,
        h('label', { for: 'setting-contrast' }, 'High contrast'),
      ),
      radioGroup<AnnounceMode>(
        'announce',
        'Screen reader announcements of real-time text',
        [
          ['lines', 'Each completed line'],
          ['words', 'Each completed word'],
          ['off', 'Off'],
        ],
        settings.announce,
        (announce) => {
          update({ announce });
        },
      ),
    ),
  );
}
