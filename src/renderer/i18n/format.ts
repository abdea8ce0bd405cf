/**
 * Locale-aware dates, times and sizes through Intl (the platform's CLDR data), so German gets
 * "25.11.2026, 14:05" and English "25 Nov 2026, 14:05" without hand-written patterns.
 */
import type { Language } from './messages.ts';

const cache = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: Language, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, options);
    cache.set(key, format);
  }
  return format;
}

/** "14:05" / "2:05 PM", as the language writes times. */
export const formatTime = (ts: number, language: Language): string =>
  dateFormat(language, { hour: 'numeric', minute: '2-digit' }).format(ts);

/** "Wednesday, 25 November 2026": for date separators. */
export const formatLongDate = (ts: number, language: Language): string =>
  dateFormat(language, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(ts);

/** "25 Nov 2026, 14:05": for tooltips and session lists. */
export const formatDateTime = (ts: number, language: Language): string =>
  dateFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(ts);

/** Today: the time; within a week: the weekday; else the short date. For the room list. */
export function formatListTime(ts: number, language: Language, now: number = Date.now()): string {
  if (isSameDay(ts, now)) return formatTime(ts, language);
  if (now - ts < 6 * 24 * 60 * 60 * 1000 && ts < now) return dateFormat(language, { weekday: 'short' }).format(ts);
  return dateFormat(language, { day: 'numeric', month: 'short', ...(new Date(ts).getFullYear() === new Date(now).getFullYear() ? {} : { year: 'numeric' }) }).format(ts);
}

export function isSameDay(a: number, b: number): boolean {
  const x = new Date(a);
  const y = new Date(b);
  return x.getFullYear() === y.getFullYear() && x.getMonth() === y.getMonth() && x.getDate() === y.getDate();
}

/** "1.2 MB" / "1,2 MB": decimal units, as file managers on every platform show them. */
export function formatFileSize(bytes: number, language: Language): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(language, { style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}

/** "a, b or c" / "a, b oder c" / "a, b ou c": a list as the language writes it (`or` by default). */
export function formatList(items: readonly string[], language: Language, type: 'conjunction' | 'disjunction' = 'disjunction'): string {
  return new Intl.ListFormat(language, { style: 'long', type }).format(items);
}
