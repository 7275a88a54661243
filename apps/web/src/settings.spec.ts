import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, type StorageLike } from './settings.js';

class MemoryStorage implements StorageLike {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('settings', () => {
  it('remembers what was chosen', () => {
    const storage = new MemoryStorage();
    saveSettings(storage, { textSize: 'x-large', highContrast: true, announce: 'words' });
    expect(loadSettings(storage)).toEqual({
      textSize: 'x-large',
      highContrast: true,
      announce: 'words',
    });
  });

  it('falls back to the defaults for missing, invalid or unreadable values', () => {
    const storage = new MemoryStorage();
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
    expect(loadSettings(undefined)).toEqual(DEFAULT_SETTINGS);
    storage.setItem(
      'parley.settings',
      '{"textSize":"huge","highContrast":"yes","announce":"lines"}',
    );
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
    storage.setItem('parley.settings', '{not json');
    expect(loadSettings(storage)).toEqual(DEFAULT_SETTINGS);
  });
});
