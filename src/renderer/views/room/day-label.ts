import { formatLongDate, isSameDay } from '../../i18n/format.ts';
import type { Translator } from '../../i18n/translator.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

/** "Today", "Yesterday", else the long date, for the day separators. */
export class DayLabel {
  #translator: Translator;

  constructor(translator: Translator) {
    this.#translator = translator;
  }

  format(ts: number, now: number = Date.now()): string {
    if (isSameDay(ts, now)) return this.#translator.t('room.timeline.today');
    if (isSameDay(ts, now - DAY_MS)) return this.#translator.t('room.timeline.yesterday');
    return formatLongDate(ts, this.#translator.language);
  }
}
