import type { T140Sender } from '@parley/t140';
import type { Unsubscribe } from '@parley/transport';

/** The part of an `<input>` or `<textarea>` the binding uses. */
export interface TextFieldLike {
  value: string;
  addEventListener(
    type: 'input' | 'keydown' | 'compositionend',
    listener: (event: Event) => void,
  ): void;
  removeEventListener(
    type: 'input' | 'keydown' | 'compositionend',
    listener: (event: Event) => void,
  ): void;
}

export interface TextFieldBindingOptions {
  /**
   * `line` (default): the field holds the line being typed; Enter ends it (sent as a line end) and
   * clears the field. `all`: the field holds the whole text (a textarea), every edit anywhere is sent.
   */
  readonly mode?: 'line' | 'all';
  /** Called with each line ended by Enter (`line` mode). */
  readonly onLine?: (line: string) => void;
}

function composing(event: Event): boolean {
  return (event as Event & { isComposing?: boolean }).isComposing === true;
}

/**
 * Binds a text field to a T.140 sender: every edit (typing, deleting, pasting, a correction in the
 * middle of the line) becomes T.140 at the next transmission interval; IME compositions are sent
 * when committed.
 */
export function bindTextField(
  field: TextFieldLike,
  sender: T140Sender,
  options: TextFieldBindingOptions = {},
): Unsubscribe {
  const mode = options.mode ?? 'line';
  const endLine = (): void => {
    const line = sender.currentLine;
    sender.newline();
    options.onLine?.(line);
  };
  const sync = (): void => {
    if (mode === 'all') {
      sender.setText(field.value);
      return;
    }
    const value = field.value;
    if (/[\r\n\u2028]/.test(value)) {
      // Pasted lines: each finished one is typed and ended; the last stays in the field.
      const parts = value.split(/\r\n|[\r\n\u2028]/);
      const last = parts.pop() ?? '';
      for (const part of parts) {
        sender.setCurrentLine(part);
        endLine();
      }
      field.value = last;
      sender.setCurrentLine(last);
      return;
    }
    sender.setCurrentLine(value);
  };
  const onInput = (event: Event): void => {
    if (!composing(event)) {
      sync();
    }
  };
  const onKeyDown = (event: Event): void => {
    const key = event as Event & { key?: string; shiftKey?: boolean };
    if (mode !== 'line' || key.key !== 'Enter' || key.shiftKey === true || composing(event)) {
      return;
    }
    event.preventDefault();
    sender.setCurrentLine(field.value);
    endLine();
    field.value = '';
  };
  field.addEventListener('input', onInput);
  field.addEventListener('keydown', onKeyDown);
  field.addEventListener('compositionend', sync);
  return () => {
    field.removeEventListener('input', onInput);
    field.removeEventListener('keydown', onKeyDown);
    field.removeEventListener('compositionend', sync);
  };
}
