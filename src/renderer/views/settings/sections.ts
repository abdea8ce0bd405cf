import type { IconName } from '../../components/icons.ts';
import type { MessageKey } from '../../i18n/translator.ts';

/** Every section there is, in the order of the list. */
export const SETTINGS_SECTIONS = ['profile', 'appearance', 'notifications', 'desktop', 'language', 'sessions', 'account'] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

/** Sections only the desktop app has: the tray, start at login and the proxy do not exist in a browser. */
const DESKTOP_ONLY: ReadonlySet<SettingsSection> = new Set<SettingsSection>(['desktop']);

export interface SectionContext {
  /** Whether this is the desktop app (app.info), not the browser harness; false while not known. */
  readonly desktop: boolean;
}

/** The sections this app shows, in order. */
export const visibleSections = (context: SectionContext): readonly SettingsSection[] =>
  SETTINGS_SECTIONS.filter((section) => context.desktop || !DESKTOP_ONLY.has(section));

export const SECTION_LABELS: Readonly<Record<SettingsSection, MessageKey>> = {
  profile: 'settings.section.profile',
  appearance: 'settings.section.appearance',
  notifications: 'settings.section.notifications',
  desktop: 'settings.section.desktop',
  language: 'settings.section.language',
  sessions: 'settings.section.sessions',
  account: 'settings.section.account',
};

export const SECTION_ICONS: Readonly<Record<SettingsSection, IconName>> = {
  profile: 'person',
  appearance: 'sun',
  notifications: 'bell',
  desktop: 'app-window',
  language: 'globe',
  sessions: 'monitor',
  account: 'lock',
};

export const isSettingsSection = (value: string | null): value is SettingsSection =>
  value !== null && (SETTINGS_SECTIONS as readonly string[]).includes(value);
